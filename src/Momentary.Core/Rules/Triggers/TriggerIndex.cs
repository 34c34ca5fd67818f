using Momentary.Core.Geofencing;
using Momentary.Core.Signals;
using Momentary.Core.Venues;

namespace Momentary.Core.Rules.Triggers;

/// <summary>
/// The rules of one trigger kind in a rule book, arranged for the signals that kind reacts to. The book calls
/// <see cref="Match"/> once per signal of kind <see cref="Signal"/>, for the kinds it has rules of; the index
/// finds the candidate rules itself (by venue, category or threshold), so no rule of another kind is looked at.
/// </summary>
internal abstract class TriggerIndex
{
    /// <summary>The kind of signal the trigger reacts to; the book never calls <see cref="Match"/> for another.</summary>
    public abstract SignalKind Signal { get; }

    /// <summary>Appends a candidate to <paramref name="fired"/> for every rule the signal sets off whose conditions hold, without text.</summary>
    public abstract void Match(in EvaluationInput input, RuleScope scope, List<OfferCandidate> fired);

    /// <summary>The known venue a non-location signal names, as a proximity of 0 (the customer is there); <c>null</c> when none or unknown.</summary>
    protected static VenueProximity? AtVenue(IReadOnlyDictionary<string, Venue> venues, string? venueId) =>
        venueId is not null && venues.TryGetValue(venueId, out var venue) ? new VenueProximity(venue, 0) : null;

    /// <summary>Fires each of <paramref name="rules"/> at <paramref name="at"/> (no venue: <c>null</c>): the trigger itself needs no further check.</summary>
    protected static void FireAll(CompiledRule[] rules, VenueProximity? at, in EvaluationInput input, RuleScope scope, List<OfferCandidate> fired)
    {
        foreach (var rule in rules)
        {
            scope.Reset(input, at);
            rule.Fire(scope, fired);
        }
    }
}
