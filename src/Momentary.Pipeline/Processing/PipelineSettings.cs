namespace Momentary.Pipeline.Processing;

/// <summary>Immutable settings the hot path reads; bound once from options at start-up.</summary>
public sealed record PipelineSettings
{
    /// <summary>Topic offers are produced to. Default <c>momentary.offers.v1</c>.</summary>
    public string OfferTopic { get; init; } = "momentary.offers.v1";

    /// <summary>Topic undecodable or unprocessable signals are produced to, with the reason in headers. Default <c>momentary.deadletter.v1</c>.</summary>
    public string DeadLetterTopic { get; init; } = "momentary.deadletter.v1";

    /// <summary>
    /// Topic held-out (control group) decisions are produced to: the would-be offer under schema
    /// <c>momentary.control.v1</c>, so lift can be measured against the offers topic. Default <c>momentary.control.v1</c>.
    /// </summary>
    public string ControlTopic { get; init; } = "momentary.control.v1";

    /// <summary>
    /// Signals taken from a busy partition as one batch and processed concurrently (different customers overlap; one
    /// customer never races). An idle partition forms batches of one. Default 64: in the harness 64 sustained about
    /// 25% more than 16 (docs/performance.md).
    /// </summary>
    public int ParallelismPerPartition { get; init; } = 64;

    /// <summary>
    /// How long a customer's last position is kept for their friends' "friend nearby" context. Only customers who
    /// consented to the purpose <c>friends-location</c> are recorded. Default 15 minutes; zero disables it.
    /// </summary>
    public TimeSpan FriendPositionTtl { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a friend's check-in counts toward "friends visited" at most. Default 30 days; rules may look back less.</summary>
    public TimeSpan CheckInRetention { get; init; } = TimeSpan.FromDays(30);
}
