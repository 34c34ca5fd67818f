namespace Momentary.Core.Context;

/// <summary>The outcome of a reservation.</summary>
/// <param name="Outcome">Granted or why not.</param>
/// <param name="Replayed"><c>true</c> when this offer id was reserved before: the original decision is returned and nothing is spent again.</param>
public readonly record struct ReservationResult(ReservationOutcome Outcome, bool Replayed)
{
    /// <summary>Whether the offer may be sent.</summary>
    public bool Granted => Outcome == ReservationOutcome.Granted;
}
