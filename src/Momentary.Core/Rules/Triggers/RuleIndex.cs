using Momentary.Core.Geofencing;
using Momentary.Core.Signals;
using Momentary.Core.Venues;

namespace Momentary.Core.Rules.Triggers;

/// <summary>
/// A rule book's rules arranged for matching, built once from the registry of trigger kinds: the place-bound kinds
/// by the ping venue list they react to, the others by the signal kind. A signal only reaches the kinds it can set
/// off; an empty venue list costs nothing, and each venue is matched against its kinds in registry order.
/// </summary>
internal sealed class RuleIndex
{
    private static readonly VenueFact[] Facts = Enum.GetValues<VenueFact>();

    private readonly VenueTriggerIndex[][] _byFact;
    private readonly SignalTriggerIndex[][] _bySignal;

    /// <summary>Indexes <paramref name="rules"/> (file order) with the <paramref name="venues"/> they may name.</summary>
    public RuleIndex(IReadOnlyList<CompiledRule> rules, IReadOnlyDictionary<string, Venue> venues)
    {
        var byVenue = new List<VenueTriggerIndex>();
        var bySignal = new List<SignalTriggerIndex>();
        foreach (var kind in TriggerKinds.All)
        {
            kind.IndexInto(rules, venues, byVenue, bySignal);
        }

        _byFact = [.. Facts.Select(f => byVenue.Where(i => i.Fact == f).ToArray())];
        _bySignal = [.. Enum.GetValues<SignalKind>().Select(k => bySignal.Where(i => i.Signal == k).ToArray())];
    }

    /// <summary>Appends a candidate to <paramref name="fired"/> for every rule the input sets off whose conditions hold, without text.</summary>
    public void Match(in EvaluationInput input, RuleScope scope, List<OfferCandidate> fired)
    {
        if (input.Signal is LocationPing)
        {
            var geo = input.Geo;
            foreach (var fact in Facts)
            {
                var indexes = _byFact[(int)fact];
                if (indexes.Length > 0)
                {
                    MatchVenues(VenuesOf(geo, fact), indexes, input, scope, fired);
                }
            }
        }

        var kind = (int)input.Signal.Kind;
        if ((uint)kind < (uint)_bySignal.Length)
        {
            foreach (var index in _bySignal[kind])
            {
                index.Match(input, scope, fired);
            }
        }
    }

    private static IReadOnlyList<VenueProximity> VenuesOf(GeoFacts geo, VenueFact fact) => fact switch
    {
        VenueFact.Entered => geo.Entered,
        VenueFact.Exited => geo.Exited,
        VenueFact.Inside => geo.Inside,
        _ => geo.Near,
    };

    private static void MatchVenues(IReadOnlyList<VenueProximity> venues, VenueTriggerIndex[] indexes, in EvaluationInput input, RuleScope scope, List<OfferCandidate> fired)
    {
        // Indexed, not foreach: enumerating an IReadOnlyList allocates an enumerator per ping.
        for (var i = 0; i < venues.Count; i++)
        {
            var at = venues[i];
            foreach (var index in indexes)
            {
                index.MatchAt(at, input, scope, fired);
            }
        }
    }
}
