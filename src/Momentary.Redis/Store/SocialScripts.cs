namespace Momentary.Redis.Store;

/// <summary>The Lua scripts of the social context: friends' visits joined on read (single node) and a check-in on the customer's own visits.</summary>
internal static class SocialScripts
{
    // Friends' visits joined on the node (single node only: the friends' keys are built here, not declared, so
    // they must follow RedisKeys.Visits: "{prefix}{friend}:visits", or "{prefix}#{h<hex of the id>}:visits" for an id
    // that is empty or holds a '}'; the contract tests read what RecordCheckIn wrote). KEYS: 1 the customer's friends. ARGV: 1 key prefix, 2 window start ms, 3 now ms, 4.. venue ids.
    // Returns (friend, venue index from 1, visit ms) for each friend's visit inside the window and not expired.
    public const string FriendVisits = """
        local friends = redis.call('SMEMBERS', KEYS[1])
        local since, now, out = tonumber(ARGV[2]), tonumber(ARGV[3]), {}
        for _, friend in ipairs(friends) do
          local tag = '{' .. friend .. '}'
          if friend == '' or string.find(friend, '}', 1, true) then
            tag = '#{h' .. string.gsub(friend, '.', function(ch) return string.format('%02x', string.byte(ch)) end) .. '}'
          end
          local values = redis.call('HMGET', ARGV[1] .. tag .. ':visits', unpack(ARGV, 4))
          for i = 1, #values do
            local v = values[i]
            if v then
              local sep = string.find(v, ':', 1, true)
              local at = tonumber(string.sub(v, 1, sep - 1))
              if at >= since and tonumber(string.sub(v, sep + 1)) > now then
                out[#out + 1] = friend
                out[#out + 1] = i
                out[#out + 1] = at
              end
            end
          end
        end
        return out
        """;

    // KEYS: 1 the customer's visits. ARGV: 1 venue id, 2 visit ms, 3 expire-at ms. The latest visit per venue wins,
    // whatever order check-ins arrive in; the key's expiry is set if it has none (NX) or extended (GT), never
    // shortened. A hash past 64 venues drops the visits that have expired by this one's time.
    public const string CheckIn = """
        local current = redis.call('HGET', KEYS[1], ARGV[1])
        if current and tonumber(string.sub(current, 1, string.find(current, ':', 1, true) - 1)) >= tonumber(ARGV[2]) then
          return 0
        end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[2] .. ':' .. ARGV[3])
        if redis.call('PEXPIREAT', KEYS[1], ARGV[3], 'GT') == 0 then
          redis.call('PEXPIREAT', KEYS[1], ARGV[3], 'NX')
        end
        if redis.call('HLEN', KEYS[1]) > 64 then
          local all = redis.call('HGETALL', KEYS[1])
          for i = 1, #all, 2 do
            local v = all[i + 1]
            if tonumber(string.sub(v, string.find(v, ':', 1, true) + 1)) <= tonumber(ARGV[2]) then
              redis.call('HDEL', KEYS[1], all[i])
            end
          end
        end
        return 1
        """;
}
