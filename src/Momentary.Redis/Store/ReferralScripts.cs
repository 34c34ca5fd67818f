namespace Momentary.Redis.Store;

/// <summary>The Lua script that credits a referral once per purchase.</summary>
internal static class ReferralScripts
{
    // Slot-local (every key carries the sharer's tag): credit once per purchase id — the purchase joins the paid set and
    // the ledger ("month reward atMs", the statement's line) and its reward the month's total; return {fresh, month total}.
    public const string Credit = """
        if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
          redis.call('HSET', KEYS[3], ARGV[1], ARGV[2] .. ' ' .. ARGV[3] .. ' ' .. ARGV[4])
          return {1, redis.call('HINCRBY', KEYS[2], ARGV[2], ARGV[3])}
        end
        return {0, tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0')}
        """;
}
