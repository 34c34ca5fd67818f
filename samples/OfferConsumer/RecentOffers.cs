namespace Momentary.Samples.OfferConsumer;

/// <summary>
/// The ids of offers already pushed, each kept until its offer expires (an expired offer is dropped anyway, so its id is
/// no longer needed) and at most <paramref name="capacity"/> of them: when full, the id whose offer expires first goes.
/// Size it to the offers alive at once in the partitions one process reads. It lives in memory: after a restart a replayed
/// offer is pushed again; keep the ids in Redis (<c>SET offerId 1 NX PXAT expiresAt</c>) to de-duplicate across restarts.
/// </summary>
public sealed class RecentOffers(int capacity = 100_000)
{
    private readonly Dictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, DateTimeOffset> _byExpiry = new();

    /// <summary>Ids held now.</summary>
    public int Count => _expiries.Count;

    /// <summary>Whether <paramref name="offerId"/> was added and has not expired by <paramref name="now"/>.</summary>
    public bool Contains(string offerId, DateTimeOffset now)
    {
        Forget(now);
        return _expiries.ContainsKey(offerId);
    }

    /// <summary>Remembers <paramref name="offerId"/> until <paramref name="expiresAt"/>.</summary>
    public void Add(string offerId, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        Forget(now);
        while (_expiries.Count >= capacity && _byExpiry.TryDequeue(out var soonest, out var at))
        {
            Remove(soonest, at);
        }

        _expiries[offerId] = expiresAt;
        _byExpiry.Enqueue(offerId, expiresAt);
    }

    private void Forget(DateTimeOffset now)
    {
        while (_byExpiry.TryPeek(out var id, out var at) && at <= now)
        {
            _byExpiry.Dequeue();
            Remove(id, at);
        }
    }

    // An id added twice has two queue entries; only the one matching its current expiry removes it.
    private void Remove(string id, DateTimeOffset at)
    {
        if (_expiries.TryGetValue(id, out var current) && current == at)
        {
            _expiries.Remove(id);
        }
    }
}
