namespace Momentary.Redis.Store;

/// <summary>The Lua scripts of fenced state writes and ownership-epoch claims (docs/context-store.md, "Fenced writes").</summary>
internal static class StateScripts
{
    // The fenced state write (docs/context-store.md, "Fenced writes"), slot-local: KEYS 1 state, 2 profile. ARGV: 1 the
    // writer's epoch, 2 the value (fence header + JSON), 3 TTL seconds. Returns a StateWriteOutcome: 0 written, 1 fenced
    // (the stored value's header carries a higher epoch), 2 no profile (unknown or erased: nothing is kept about them).
    public const string StateWrite = """
        if redis.call('EXISTS', KEYS[2]) == 0 then
          return 2
        end
        local head = redis.call('GETRANGE', KEYS[1], 0, 12)
        if string.byte(head, 1) == 69 and tonumber(string.sub(head, 2, 13)) > tonumber(ARGV[1]) then
          return 1
        end
        redis.call('SET', KEYS[1], ARGV[2], 'EX', ARGV[3])
        return 0
        """;

    // The same fenced write for many customers in one call (one per batch on a single node, per slot on a cluster):
    // KEYS state 1, profile 1, state 2, profile 2, ...; ARGV 1 TTL seconds, then epoch 1, value 1, epoch 2, value 2, ...
    // Returns one StateWriteOutcome per customer, in order; each customer is fenced exactly as by StateWrite.
    public const string StateWriteMany = """
        local out = {}
        local ttl = ARGV[1]
        for i = 1, #KEYS, 2 do
          local a = i + 1
          if redis.call('EXISTS', KEYS[i + 1]) == 0 then
            out[#out + 1] = 2
          else
            local head = redis.call('GETRANGE', KEYS[i], 0, 12)
            if string.byte(head, 1) == 69 and tonumber(string.sub(head, 2, 13)) > tonumber(ARGV[a]) then
              out[#out + 1] = 1
            else
              redis.call('SET', KEYS[i], ARGV[a + 1], 'EX', ttl)
              out[#out + 1] = 0
            end
          end
        end
        return out
        """;

    // KEYS 1 the epoch counter (only to run on its node). Returns the node's clock in ms.
    public const string ServerMillis = """
        local t = redis.call('TIME')
        return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        """;

    // KEYS 1 the epoch counter; ARGV 1 the deadline (the node's clock, ms). Returns the new epoch, or -1 past the deadline.
    public const string Claim = """
        local t = redis.call('TIME')
        if tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) > tonumber(ARGV[1]) then
          return -1
        end
        return redis.call('INCR', KEYS[1])
        """;
}
