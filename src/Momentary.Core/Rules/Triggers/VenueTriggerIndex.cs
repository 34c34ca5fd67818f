using Momentary.Core.Geofencing;
using Momentary.Core.Signals;

namespace Momentary.Core.Rules.Triggers;

/// <summary>
/// The rules of a place-bound trigger kind, by venue and category (<see cref="PlaceIndex"/>), matched against one
/// list of a ping's <see cref="GeoFacts"/>: the venues entered, exited, inside or near. By default every rule about
/// a listed venue fires (enter, exit); kinds with a threshold override <see cref="MatchAt"/>.
/// </summary>
/// <param name="rules">The book's rules of the kind, in the order they are matched.</param>
/// <param name="venues">Which of a ping's venue lists the kind reacts to; called once per ping.</param>
internal class VenueTriggerIndex(CompiledRule[] rules, Func<GeoFacts, IReadOnlyList<VenueProximity>> venues) : TriggerIndex
{
    /// <summary>The kind's rules by venue id, then category, then for any venue.</summary>
    protected PlaceIndex Rules { get; } = new(rules);

    /// <inheritdoc/>
    public sealed override SignalKind Signal => SignalKind.Location;

    /// <inheritdoc/>
    public sealed override void Match(in EvaluationInput input, RuleScope scope, List<OfferCandidate> fired)
    {
        // Indexed, not foreach: enumerating an IReadOnlyList allocates an enumerator per ping and kind.
        var list = venues(input.Geo);
        for (var i = 0; i < list.Count; i++)
        {
            MatchAt(list[i], input, scope, fired);
        }
    }

    /// <summary>Fires the rules about <paramref name="at"/> (one of the listed venues) that its facts set off.</summary>
    protected virtual void MatchAt(VenueProximity at, in EvaluationInput input, RuleScope scope, List<OfferCandidate> fired)
    {
        foreach (var rule in Rules.For(at.Venue))
        {
            scope.Reset(input, at);
            rule.Fire(scope, fired);
        }
    }
}
