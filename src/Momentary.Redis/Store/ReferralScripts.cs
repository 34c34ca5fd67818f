namespace Momentary.Redis.Store;

/// <summary>The Lua script that credits a referral once per purchase.</summary>
internal static class ReferralScripts
{
    // Slot-local (both keys carry the sharer's tag): credit once per purchase id, return {fresh, month total}.
    public const string Credit = """
        if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
          return {1, redis.call('HINCRBY', KEYS[2], ARGV[2], ARGV[3])}
        end
        return {0, tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0')}
        """;
}
