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
    // KEYS state 1, profile 1, state 2, profile 2, ...; ARGV 1 TTL seconds, then value 1 (fence header + JSON), value 2, ...
    // Returns one StateWriteOutcome per customer, in order; each customer is fenced exactly as by StateWrite. The epochs
    // are compared as the headers' text: "E" + 12 zero-padded digits orders as the numbers do (no tonumber per key).
    public const string StateWriteMany = """
        local out = {}
        local ttl = ARGV[1]
        for k = 1, #KEYS / 2 do
          local state = KEYS[2 * k - 1]
          if redis.call('EXISTS', KEYS[2 * k]) == 0 then
            out[k] = 2
          else
            local value = ARGV[k + 1]
            local head = redis.call('GETRANGE', state, 0, 12)
            if #head == 13 and string.byte(head, 1) == 69 and head > string.sub(value, 1, 13) then
              out[k] = 1
            else
              redis.call('SET', state, value, 'EX', ttl)
              out[k] = 0
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
