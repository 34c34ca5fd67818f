using Momentary.Core.Geofencing;

namespace Momentary.Core.Rules.Triggers;

/// <summary>
/// The rules of a place-bound trigger kind, by venue and category (<see cref="PlaceIndex"/>), for one of a ping's
/// venue lists (<see cref="Fact"/>). <see cref="RuleIndex"/> calls <see cref="MatchAt"/> for each venue of that list.
/// By default every rule about the venue fires (enter, exit); kinds with a further check override it.
/// </summary>
/// <param name="rules">The book's rules of the kind, in the order they are matched.</param>
/// <param name="fact">The venue list the kind reacts to.</param>
internal class VenueTriggerIndex(CompiledRule[] rules, VenueFact fact)
{
    /// <summary>The venue list the kind reacts to.</summary>
    public VenueFact Fact => fact;

    /// <summary>The kind's rules by venue id, then category, then for any venue.</summary>
    protected PlaceIndex Rules { get; } = new(rules);

    /// <summary>Fires the rules about <paramref name="at"/>, a venue of the list, that its facts set off.</summary>
    public virtual void MatchAt(VenueProximity at, in EvaluationInput input, RuleScope scope, List<OfferCandidate> fired)
    {
        foreach (var rule in Rules.For(at.Venue))
        {
            scope.Reset(input, at);
            rule.Fire(scope, fired);
        }
    }
}
