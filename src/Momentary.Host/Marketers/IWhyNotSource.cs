namespace Momentary.Host.Marketers;

/// <summary>
/// Answers the marketer's "why not" question for one customer: the decision trace of their last signals, computed on
/// demand by the same code path as the live decision (never on the hot path). The marketers' page asks it; the
/// explaining side implements it.
/// </summary>
internal interface IWhyNotSource
{
    /// <summary>
    /// The decision traces of the customer's most recent signals that this process saw, newest first (empty when it saw
    /// none). Throws only for a store outage (the caller answers 503).
    /// </summary>
    Task<WhyNotAnswer> ExplainAsync(string customerId, CancellationToken ct);
}
