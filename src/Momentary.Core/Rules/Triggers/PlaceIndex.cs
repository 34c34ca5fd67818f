using Momentary.Core.Venues;

namespace Momentary.Core.Rules.Triggers;

/// <summary>
/// Rules of one place-bound trigger kind, by the trigger's venue id and by its category (<see cref="Trigger.VenueId"/>,
/// <see cref="Trigger.Category"/>); rules naming neither apply to every venue. Built once per rule book.
/// </summary>
internal sealed class PlaceIndex
{
    private readonly Dictionary<string, CompiledRule[]> _byVenue;
    private readonly Dictionary<string, CompiledRule[]> _byCategory;
    private readonly CompiledRule[] _any;

    /// <summary>Indexes <paramref name="rules"/>, all of one kind; each group keeps their order.</summary>
    public PlaceIndex(IReadOnlyList<CompiledRule> rules)
    {
        _byVenue = Group(rules.Where(r => r.Trigger.VenueId is not null), r => r.Trigger.VenueId!);
        _byCategory = Group(rules.Where(r => r.Trigger.VenueId is null && r.Trigger.Category is not null), r => r.Trigger.Category!);
        _any = rules.Where(r => r.Trigger.VenueId is null && r.Trigger.Category is null).ToArray();
    }

    /// <summary>The rules about <paramref name="venue"/>: by id, then by category, then for any venue; allocates nothing.</summary>
    public PlaceRules For(Venue venue)
    {
        _byVenue.TryGetValue(venue.Id, out var byVenue);
        _byCategory.TryGetValue(venue.Category, out var byCategory);
        return new PlaceRules(byVenue ?? [], byCategory ?? [], _any);
    }

    private static Dictionary<string, CompiledRule[]> Group(IEnumerable<CompiledRule> rules, Func<CompiledRule, string> key) =>
        rules.GroupBy(key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
}
