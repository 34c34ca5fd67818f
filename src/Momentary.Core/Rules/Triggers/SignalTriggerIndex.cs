using Momentary.Core.Geofencing;
using Momentary.Core.Signals;
using Momentary.Core.Venues;

namespace Momentary.Core.Rules.Triggers;

/// <summary>
/// The rules of one trigger kind that reacts to a signal as a whole (a wearable reading, a share, a price check), in
/// a rule book. <see cref="RuleIndex"/> calls <see cref="Match"/> once per signal of kind <see cref="Signal"/>; the
/// index checks the signal and its rules itself, so no rule of another kind is looked at.
/// </summary>
internal abstract class SignalTriggerIndex
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
