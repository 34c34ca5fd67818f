using System.Globalization;
using Momentary.Core.Context;
using StackExchange.Redis;

namespace Momentary.Redis.Store;

/// <summary>Friendships, check-ins and last positions.</summary>
public sealed partial class RedisContextStore
{
    /// <inheritdoc />
    public async ValueTask AddFriendshipAsync(string customerId, string friendId, CancellationToken cancellationToken = default)
    {
        // Two slots (one per customer), so two commands; both are idempotent set additions.
        var a = Db.SetAddAsync(_keys.Friends(customerId), friendId);
        var b = Db.SetAddAsync(_keys.Friends(friendId), customerId);
        await Task.WhenAll(a, b).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask RecordCheckInAsync(string customerId, string venueId, DateTimeOffset at, TimeSpan retention, CancellationToken cancellationToken = default)
    {
        // The visit is written once, to the customer's own key, and joined by their friends when they read
        // (docs/context-store.md, "Social context, joined on read"): one slot-local script, whatever the friend count.
        // The client's task is returned as it is: no state machine of this method's own per check-in.
        var atMs = at.ToUnixTimeMilliseconds();
        return new ValueTask(Db.ScriptEvaluateAsync(SocialScripts.CheckIn, [_keys.Visits(customerId)], [venueId, atMs, (at + retention).ToUnixTimeMilliseconds()]));
    }

    /// <inheritdoc />
    public async ValueTask RecordPositionAsync(string customerId, double latitude, double longitude, DateTimeOffset at, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var value = string.Create(CultureInfo.InvariantCulture, $"{latitude:R},{longitude:R},{at.ToUnixTimeMilliseconds()}");
        await Db.StringSetAsync(_keys.Position(customerId), value, ttl).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<FriendPosition>> LoadFriendPositionsAsync(string customerId, DateTimeOffset now, TimeSpan maxAge, CancellationToken cancellationToken = default)
    {
        // Positions live in each friend's own slot (they are written on every ping, so fanning them out would
        // multiply writes by the friend count): a read costs two round trips, friends then their positions.
        var db = Db;
        var friends = await db.SetMembersAsync(_keys.Friends(customerId)).ConfigureAwait(false);
        if (friends.Length == 0)
        {
            return [];
        }

        var batch = db.CreateBatch();
        var reads = new Task<RedisValue>[friends.Length];
        for (var i = 0; i < friends.Length; i++)
        {
            reads[i] = batch.StringGetAsync(_keys.Position(friends[i]!));
        }

        batch.Execute();
        var since = (now - maxAge).ToUnixTimeMilliseconds();
        var result = new List<FriendPosition>();
        for (var i = 0; i < reads.Length; i++)
        {
            var value = await reads[i].ConfigureAwait(false);
            if (value.IsNull)
            {
                continue;
            }

            var parts = value.ToString().Split(',');
            var atMs = long.Parse(parts[2], CultureInfo.InvariantCulture);
            if (atMs >= since)
            {
                result.Add(new FriendPosition(friends[i]!, double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture), DateTimeOffset.FromUnixTimeMilliseconds(atMs)));
            }
        }

        return result;
    }
}
