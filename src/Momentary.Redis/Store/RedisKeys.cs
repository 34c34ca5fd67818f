using System.Globalization;
using StackExchange.Redis;

namespace Momentary.Redis.Store;

/// <summary>
/// Key layout (docs/context-store.md). Every key of a customer starts with the same hash tag, so one pipelined round
/// trip or one Lua script touches a single slot on a Redis Cluster too. The tag is <c>{customerId}</c>, except for an
/// id that holds a <c>}</c> or is empty: Redis would end (or empty) the tag early, and a leading <c>}</c> would hash
/// every key of the customer on its own. Those ids are written <c>#{h</c> + their UTF-8 bytes in hex + <c>}</c>, a
/// form no plain tag can take (it follows the prefix with <c>#</c>, not <c>{</c>), so keys stay one per customer.
/// </summary>
internal sealed class RedisKeys
{
    public RedisKeys(string prefix)
    {
        ArgumentNullException.ThrowIfNull(prefix);
        if (prefix.AsSpan().IndexOfAny('{', '}') >= 0)
        {
            throw new ArgumentException($"the key prefix must not contain '{{' or '}}' (it would take the place of the customer's hash tag): {prefix}", nameof(prefix));
        }

        Prefix = prefix;
        Invalidations = RedisChannel.Literal(prefix + "invalidate");
        Epoch = prefix + "epoch";
    }

    public string Prefix { get; }

    /// <summary>The prefix and the customer's hash tag, which every key of the customer starts with.</summary>
    public string Customer(string c) => NeedsEncoding(c)
        ? $"{Prefix}#{{h{Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(c))}}}"
        : $"{Prefix}{{{c}}}";

    // One allocation per key on the hot path (a plain id).
    private string Key(string c, string suffix, string tail = "") => NeedsEncoding(c)
        ? string.Concat(Customer(c), suffix, tail)
        : string.Concat([Prefix, "{", c, "}", suffix, tail]);

    /// <summary>Whether the id cannot be its own hash tag (<see cref="SocialScripts.FriendVisits"/> decides the same in Lua).</summary>
    public static bool NeedsEncoding(string c) => c.Length == 0 || c.Contains('}', StringComparison.Ordinal);

    /// <summary>Where profile writes and erasures are announced, for in-process caches.</summary>
    public RedisChannel Invalidations { get; }

    /// <summary>The counter ownership epochs are claimed from (docs/context-store.md, "Fenced writes").</summary>
    public RedisKey Epoch { get; }

    public RedisKey Profile(string c) => Key(c, ":profile");

    public RedisKey State(string c) => Key(c, ":state");

    /// <summary>The customer's last position, "lat,lon,epochMs", short TTL (friends' "nearby" context).</summary>
    public RedisKey Position(string c) => Key(c, ":pos");

    public RedisKey Friends(string c) => Key(c, ":friends");

    /// <summary>HASH venue id → "visitMs:expiresAtMs" of the customer's own latest check-in there (read by their friends).</summary>
    public RedisKey Visits(string c) => Key(c, ":visits");

    public RedisKey Decision(string c, string offerId) => Key(c, ":offer:", offerId);

    /// <summary>ZSET offer id → epoch ms of grants of one rule to the customer.</summary>
    public RedisKey RuleGrants(string c, string ruleId) => Key(c, ":grants:", ruleId);

    /// <summary>ZSET offer id → epoch ms of grants of any rule to the customer (hourly ceiling).</summary>
    public RedisKey AllGrants(string c) => Key(c, ":grants");

    /// <summary>SET of referral codes the customer was given (to delete them on erasure).</summary>
    public RedisKey ReferralCodes(string c) => Key(c, ":refcodes");

    /// <summary>SET of purchase ids already credited to the customer as sharer (idempotent credit).</summary>
    public RedisKey ReferralCredited(string c) => Key(c, ":refpaid");

    /// <summary>HASH purchase id → "month reward-in-minor-units epoch-ms" of each purchase credited to the customer (their statement).</summary>
    public RedisKey ReferralLedger(string c) => Key(c, ":refledger");

    /// <summary>HASH month → referral earnings in minor units.</summary>
    public RedisKey ReferralEarnings(string c) => Key(c, ":earnings");

    /// <summary>HASH of one referral code: sharer, reward percent, expiry (looked up by code, so not customer-tagged).</summary>
    public RedisKey Referral(string code) => $"{Prefix}ref:{code}";

    /// <summary>Pattern matching every key of the customer.</summary>
    public RedisValue CustomerPattern(string c) => $"{EscapeGlob(Customer(c))}:*";

    /// <summary>Offers granted by a rule on a UTC day, across customers (not slot-local: see docs/context-store.md).</summary>
    public RedisKey Budget(string ruleId, DateTimeOffset now) => $"{Prefix}budget:{ruleId}:{now.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture)}";

    private static string EscapeGlob(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("*", "\\*", StringComparison.Ordinal)
        .Replace("?", "\\?", StringComparison.Ordinal).Replace("[", "\\[", StringComparison.Ordinal).Replace("]", "\\]", StringComparison.Ordinal);
}
