namespace Momentary.Redis.Store;

/// <summary>
/// The slot-local half of a reservation: idempotency and the customer's own limits, on keys that all carry the
/// customer's hash tag (so it runs on a Redis Cluster). The rule's daily budget is shared across customers and
/// lives on another slot; it is spent afterwards with <c>INCR</c> and compensated by <see cref="UndoSource"/>
/// (docs/context-store.md). Outcome codes match <see cref="Core.Context.ReservationOutcome"/>; -1 disables a limit.
/// </summary>
internal static class ReservationScript
{
    // KEYS: 1 decision, 2 rule grants, 3 all grants
    // ARGV: 1 now ms, 2 window ms, 3 max per customer, 4 cooldown ms, 5 hourly ceiling, 6 offer id, 7 decision ttl s, 8 finalize (1 = store the grant decision now)
    // Returns {outcome, replayed}.
    public const string Source = """
        local d = redis.call('GET', KEYS[1])
        if d then return {tonumber(d), 1} end
        local now = tonumber(ARGV[1])
        local window = tonumber(ARGV[2])
        local max = tonumber(ARGV[3])
        local cooldown = tonumber(ARGV[4])
        local ceiling = tonumber(ARGV[5])
        local keep = math.max(window, cooldown)
        -- A grant recorded by an interrupted earlier attempt of this very offer is not counted against it.
        if not redis.call('ZSCORE', KEYS[2], ARGV[6]) then
          if keep > 0 then redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - keep) end
          local outcome = 0
          if max >= 0 and redis.call('ZCOUNT', KEYS[2], '(' .. (now - window), '+inf') >= max then outcome = 1 end
          if outcome == 0 and cooldown >= 0 then
            local last = redis.call('ZREVRANGE', KEYS[2], 0, 0, 'WITHSCORES')
            if last[2] and tonumber(last[2]) > now - cooldown then outcome = 2 end
          end
          if outcome == 0 and ceiling >= 0 then
            redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - 3600000)
            if redis.call('ZCARD', KEYS[3]) >= ceiling then outcome = 4 end
          end
          if outcome ~= 0 then
            redis.call('SET', KEYS[1], outcome, 'EX', tonumber(ARGV[7]))
            return {outcome, 0}
          end
          redis.call('ZADD', KEYS[2], now, ARGV[6])
          if keep > 0 then redis.call('PEXPIRE', KEYS[2], keep) end
          redis.call('ZADD', KEYS[3], now, ARGV[6])
          redis.call('PEXPIRE', KEYS[3], 3600000)
        end
        if ARGV[8] == '1' then redis.call('SET', KEYS[1], 0, 'EX', tonumber(ARGV[7])) end
        return {0, 0}
        """;

    // KEYS: 1 decision, 2 rule grants, 3 all grants; ARGV: 1 offer id, 2 decision ttl s.
    // The budget was exhausted: withdraw the tentative grant and remember the denial.
    public const string UndoSource = """
        redis.call('ZREM', KEYS[2], ARGV[1])
        redis.call('ZREM', KEYS[3], ARGV[1])
        redis.call('SET', KEYS[1], 3, 'EX', tonumber(ARGV[2]))
        return 3
        """;
}
