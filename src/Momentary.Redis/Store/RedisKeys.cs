using System.Globalization;
using StackExchange.Redis;

namespace Momentary.Redis.Store;

/// <summary>
/// Key layout (docs/context-store.md). Every key of a customer carries the hash tag <c>{customerId}</c>, so one
/// pipelined round trip or one Lua script touches a single slot on a Redis Cluster too.
/// </summary>
internal sealed class RedisKeys(string prefix)
{
    public string Prefix { get; } = prefix;

    /// <summary>Where profile writes and erasures are announced, for in-process caches.</summary>
    public RedisChannel Invalidations { get; } = RedisChannel.Literal(prefix + "invalidate");

    /// <summary>The counter ownership epochs are claimed from (docs/context-store.md, "Fenced writes").</summary>
    public RedisKey Epoch { get; } = prefix + "epoch";

    public RedisKey Profile(string c) => $"{Prefix}{{{c}}}:profile";

    public RedisKey State(string c) => $"{Prefix}{{{c}}}:state";

    /// <summary>The customer's last position, "lat,lon,epochMs", short TTL (friends' "nearby" context).</summary>
    public RedisKey Position(string c) => $"{Prefix}{{{c}}}:pos";

    public RedisKey Friends(string c) => $"{Prefix}{{{c}}}:friends";

    /// <summary>HASH venue id → "visitMs:expiresAtMs" of the customer's own latest check-in there (read by their friends).</summary>
    public RedisKey Visits(string c) => $"{Prefix}{{{c}}}:visits";

    public RedisKey Decision(string c, string offerId) => $"{Prefix}{{{c}}}:offer:{offerId}";

    /// <summary>ZSET offer id → epoch ms of grants of one rule to the customer.</summary>
    public RedisKey RuleGrants(string c, string ruleId) => $"{Prefix}{{{c}}}:grants:{ruleId}";

    /// <summary>ZSET offer id → epoch ms of grants of any rule to the customer (hourly ceiling).</summary>
    public RedisKey AllGrants(string c) => $"{Prefix}{{{c}}}:grants";

    /// <summary>SET of referral codes the customer was given (to delete them on erasure).</summary>
    public RedisKey ReferralCodes(string c) => $"{Prefix}{{{c}}}:refcodes";

    /// <summary>SET of purchase ids already credited to the customer as sharer (idempotent credit).</summary>
    public RedisKey ReferralCredited(string c) => $"{Prefix}{{{c}}}:refpaid";

    /// <summary>HASH month → referral earnings in minor units.</summary>
    public RedisKey ReferralEarnings(string c) => $"{Prefix}{{{c}}}:earnings";

    /// <summary>HASH of one referral code: sharer, reward percent, expiry (looked up by code, so not customer-tagged).</summary>
    public RedisKey Referral(string code) => $"{Prefix}ref:{code}";

    /// <summary>Pattern matching every key of the customer.</summary>
    public RedisValue CustomerPattern(string c) => $"{Prefix}{{{EscapeGlob(c)}}}:*";

    /// <summary>Offers granted by a rule on a UTC day, across customers (not slot-local: see docs/context-store.md).</summary>
    public RedisKey Budget(string ruleId, DateTimeOffset now) => $"{Prefix}budget:{ruleId}:{now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    private static string EscapeGlob(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("*", "\\*", StringComparison.Ordinal)
        .Replace("?", "\\?", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal);
}
