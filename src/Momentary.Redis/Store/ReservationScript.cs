
namespace Momentary.Redis.Store;

/// <summary>
/// The atomic cap check-and-spend. Idempotent by offer id: a decision is stored and returned as-is on replay.
/// Outcome codes match <see cref="Core.Context.ReservationOutcome"/>; -1 disables a limit.
/// </summary>
internal static class ReservationScript
{
    // KEYS: 1 decision, 2 rule grants, 3 all grants, 4 budget
    // ARGV: 1 now ms, 2 window ms, 3 max per customer, 4 cooldown ms, 5 daily budget, 6 hourly ceiling, 7 offer id, 8 decision ttl s, 9 budget ttl s
    public const string Source = """
        local d = redis.call('GET', KEYS[1])
        if d then return {tonumber(d), 1} end
        local now = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local max = tonumber(ARGV[3])
        local cooldown = tonumber(ARGV[4])
        local budget = tonumber(ARGV[5])
        local ceiling = tonumber(ARGV[6])
        local keep = math.max(window, cooldown)
        if keep > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - keep) end
        local outcome = 0
        if max >= 0 and redis.call('ZCOUNT', KEYS[2], '(' .. (now - window), '+inf') >= max then outcome = 1 end
        if outcome == 0 and cooldown >= 0 then
          local last = redis.call('ZREVRANGE', KEYS[2], 0, 0, 'WITHSCORES')
          if last[2] and tonumber(last[2]) > now - cooldown then outcome = 2 end
        end
        if outcome == 0 and budget >= 0 and tonumber(redis.call('GET', KEYS[4]) or '0') >= budget then outcome = 3 end
        if outcome == 0 and ceiling >= 0 then
          redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - 3600000)
          if redis.call('ZCARD', KEYS[3]) >= ceiling then outcome = 4 end
        end
        if outcome == 0 then
          redis.call('ZADD', KEYS[2], now, ARGV[7])
          if keep > 0 then redis.call('PEXPIRE', KEYS[2], keep) end
          redis.call('ZADD', KEYS[3], now, ARGV[7])
          redis.call('PEXPIRE', KEYS[3], 3600000)
          redis.call('INCR', KEYS[4])
          redis.call('EXPIRE', KEYS[4], tonumber(ARGV[9]))
        end
        redis.call('SET', KEYS[1], outcome, 'EX', tonumber(ARGV[8]))
        return {outcome, 0}
        """;
}
