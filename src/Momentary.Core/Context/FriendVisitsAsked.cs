namespace Momentary.Core.Context;

/// <summary>
/// Friends' visits not read yet: the venues rules asked about while matching a signal without them. The processor
/// reads friends' visits only when a rule gets as far as needing them — a friends condition after the trigger fired
/// and the cheaper conditions held, or a <c>friendCheckIn</c> trigger at a venue — and then matches again
/// (docs/context-store.md, "Friends' visits joined when a rule asks"). One per signal, on its thread.
/// </summary>
public sealed class FriendVisitsAsked
{
    private readonly List<string> _venues = new(2);

    /// <summary>Venues asked about so far.</summary>
    public int Count => _venues.Count;

    /// <summary>The venues asked about, each once, in the order first asked.</summary>
    public IReadOnlyList<string> Venues => _venues;

    /// <summary>Notes that a rule asked for friends' visits at <paramref name="venueId"/>.</summary>
    public void Add(string venueId)
    {
        if (!_venues.Contains(venueId))
        {
            _venues.Add(venueId);
        }
    }
}
