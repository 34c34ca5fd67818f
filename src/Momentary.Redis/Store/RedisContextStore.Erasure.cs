using StackExchange.Redis;

namespace Momentary.Redis.Store;

/// <summary>Erasure of every key of a customer.</summary>
public sealed partial class RedisContextStore
{
    /// <inheritdoc />
    public async ValueTask<long> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default)
    {
        var db = Db;

        // The profile goes first: from then on no state write for the customer is accepted (the write script needs a
        // profile), so an engine's write already on its way cannot bring their data back after the scan below.
        long removed = await db.KeyDeleteAsync(_keys.Profile(customerId)).ConfigureAwait(false) ? 1 : 0;
        var friends = await db.SetMembersAsync(_keys.Friends(customerId)).ConfigureAwait(false);
        var codes = await db.SetMembersAsync(_keys.ReferralCodes(customerId)).ConfigureAwait(false);
        foreach (var code in codes)
        {
            removed += await db.KeyDeleteAsync(_keys.Referral(code!)).ConfigureAwait(false) ? 1 : 0;
        }

        // The only entries about this customer in others' keys: their friends' friend lists (visits are joined on
        // read from the customer's own key, which goes with the rest below).
        foreach (var friend in friends)
        {
            removed += await db.SetRemoveAsync(_keys.Friends(friend!), customerId).ConfigureAwait(false) ? 1 : 0;
        }

        foreach (var endpoint in _redis.GetEndPoints())
        {
            var server = _redis.GetServer(endpoint);
            if (server.IsReplica || !server.IsConnected)
            {
                continue;
            }

            var keys = new List<RedisKey>();
            await foreach (var key in server.KeysAsync(pattern: _keys.CustomerPattern(customerId), pageSize: 500).ConfigureAwait(false))
            {
                keys.Add(key);
            }

            if (keys.Count > 0)
            {
                removed += await db.KeyDeleteAsync([.. keys]).ConfigureAwait(false);
            }
        }

        await db.PublishAsync(_keys.Invalidations, Erased + customerId).ConfigureAwait(false);
        return removed;
    }
}
