using System.Globalization;
using Momentary.Core.Context;
using StackExchange.Redis;

namespace Momentary.Redis.Store;

/// <summary>Reading a signal's context: profile, state and friends' visits in one round trip (two on a cluster).</summary>
public sealed partial class RedisContextStore
{
    /// <inheritdoc />
    public async ValueTask<CustomerContext> LoadAsync(ContextQuery query, CancellationToken cancellationToken = default)
    {
        var c = query.CustomerId;
        var parts = query.Parts;
        var venueCount = parts.HasFlag(ContextParts.FriendVisits) ? query.VenueIds.Count : 0;
        if (venueCount == 0 && (parts & (ContextParts.Profile | ContextParts.State)) == 0)
        {
            return new CustomerContext(null, CustomerState.Empty, CustomerContext.NoFriendVisits);
        }

        var db = Db;
        var batch = db.CreateBatch();
        var profileTask = parts.HasFlag(ContextParts.Profile) ? batch.StringGetAsync(_keys.Profile(c)) : null;
        var stateTask = parts.HasFlag(ContextParts.State) ? batch.StringGetAsync(_keys.State(c)) : null;
        var since = (query.Now - query.FriendWindow).ToUnixTimeMilliseconds();
        var now = query.Now.ToUnixTimeMilliseconds();
        var single = venueCount > 0 && SingleNode();
        Task<RedisResult>? joinTask = null;
        Task<RedisValue[]>? friendsTask = null;
        if (single)
        {
            var args = new RedisValue[3 + venueCount];
            (args[0], args[1], args[2]) = (_keys.Prefix, since, now);
            for (var i = 0; i < venueCount; i++)
            {
                args[3 + i] = query.VenueIds[i];
            }

            joinTask = batch.ScriptEvaluateAsync(SocialScripts.FriendVisits, [_keys.Friends(c)], args);
        }
        else if (venueCount > 0)
        {
            friendsTask = batch.SetMembersAsync(_keys.Friends(c));
        }

        batch.Execute();
        var profile = profileTask is null ? RedisValue.Null : await profileTask.ConfigureAwait(false);
        var state = stateTask is null ? RedisValue.Null : await stateTask.ConfigureAwait(false);
        var visits = joinTask is not null
            ? Joined((RedisResult[])(await joinTask.ConfigureAwait(false))!, query.VenueIds)
            : friendsTask is not null ? await JoinPerSlotAsync(db, await friendsTask.ConfigureAwait(false), query.VenueIds, since, now).ConfigureAwait(false) : null;

        return new CustomerContext(
            profile.IsNull ? null : CustomerProfileCodec.Decode((byte[])profile!),
            state.IsNull ? CustomerState.Empty : CustomerStateCodec.Decode((byte[])state!),
            visits ?? CustomerContext.NoFriendVisits);
    }

    // The script's reply: (friend, 1-based venue index, visit ms) triples.
    private static Dictionary<string, IReadOnlyList<FriendVisit>>? Joined(RedisResult[] triples, IReadOnlyList<string> venueIds)
    {
        Dictionary<string, IReadOnlyList<FriendVisit>>? visits = null;
        for (var i = 0; i + 2 < triples.Length; i += 3)
        {
            Add(ref visits, venueIds[(int)triples[i + 1] - 1], new FriendVisit((string)triples[i]!, DateTimeOffset.FromUnixTimeMilliseconds((long)triples[i + 2])));
        }

        return visits;
    }

    // Friends live in other slots (a cluster): their visits at the asked venues in one pipelined round trip.
    private async Task<Dictionary<string, IReadOnlyList<FriendVisit>>?> JoinPerSlotAsync(IDatabase db, RedisValue[] friends, IReadOnlyList<string> venueIds, long since, long now)
    {
        if (friends.Length == 0)
        {
            return null;
        }

        var fields = new RedisValue[venueIds.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = venueIds[i];
        }

        var batch = db.CreateBatch();
        var reads = new Task<RedisValue[]>[friends.Length];
        for (var f = 0; f < friends.Length; f++)
        {
            reads[f] = batch.HashGetAsync(_keys.Visits(friends[f]!), fields);
        }

        batch.Execute();
        Dictionary<string, IReadOnlyList<FriendVisit>>? visits = null;
        for (var f = 0; f < friends.Length; f++)
        {
            var values = await reads[f].ConfigureAwait(false);
            for (var v = 0; v < values.Length; v++)
            {
                if (ParseVisit(values[v]) is { } visit && visit.At >= since && visit.Expires > now)
                {
                    Add(ref visits, venueIds[v], new FriendVisit(friends[f]!, DateTimeOffset.FromUnixTimeMilliseconds(visit.At)));
                }
            }
        }

        return visits;
    }

    private static void Add(ref Dictionary<string, IReadOnlyList<FriendVisit>>? visits, string venueId, FriendVisit visit)
    {
        visits ??= new Dictionary<string, IReadOnlyList<FriendVisit>>(StringComparer.Ordinal);
        if (!visits.TryGetValue(venueId, out var list))
        {
            visits[venueId] = list = new List<FriendVisit>(4);
        }

        ((List<FriendVisit>)list).Add(visit);
    }

    // A visits field: "visitMs:expiresAtMs".
    private static (long At, long Expires)? ParseVisit(RedisValue value)
    {
        if (value.IsNull)
        {
            return null;
        }

        var text = ((string)value!).AsSpan();
        var colon = text.IndexOf(':');
        return colon > 0 && long.TryParse(text[..colon], NumberStyles.Integer, CultureInfo.InvariantCulture, out var at) && long.TryParse(text[(colon + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var expires)
            ? (at, expires)
            : null;
    }

    // Decided once the server type is known: a standalone server (or a forced setting) is one node; until then,
    // and on a cluster or behind a proxy, the per-slot path, which is correct everywhere.
    private bool SingleNode()
    {
        var known = Volatile.Read(ref _singleNode);
        if (known != NodesUnknown)
        {
            return known == NodesOne;
        }

        var servers = _redis.GetServers();
        if (servers.Length == 0 || !servers.All(s => s.IsConnected))
        {
            return false;
        }

        var single = servers.All(s => s.ServerType is ServerType.Standalone);
        Volatile.Write(ref _singleNode, single ? NodesOne : NodesMany);
        return single;
    }

    private const int NodesUnknown = 0;
    private const int NodesOne = 1;
    private const int NodesMany = 2;
}
