using System.Globalization;
using Momentary.Core.Context;
using StackExchange.Redis;

namespace Momentary.Redis.Store;

/// <summary>
/// The production context store on Redis (docs/context-store.md). A signal's context is read in one pipelined
/// round trip (profile, state, and friends' visits at the venues asked, joined on the node; on a cluster the
/// visits take a second, pipelined round trip); a check-in is one write to the customer's own keys; a reservation
/// is one Lua script, atomic and idempotent by offer id. Only async calls on the hot path.
/// </summary>
public sealed class RedisContextStore : ICustomerContextStore, IDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly bool _ownsConnection;
    private readonly RedisKeys _keys;
    private readonly RedisStoreOptions _options;
    private int _singleNode; // NodesUnknown until decided, then NodesOne or NodesMany

    /// <summary>A store over an existing connection (not disposed with the store).</summary>
    public RedisContextStore(IConnectionMultiplexer redis, RedisStoreOptions options)
        : this(redis, options, ownsConnection: false)
    {
    }

    private RedisContextStore(IConnectionMultiplexer redis, RedisStoreOptions options, bool ownsConnection)
    {
        _redis = redis;
        _options = options;
        _keys = new RedisKeys(options.KeyPrefix);
        _ownsConnection = ownsConnection;
        _singleNode = options.SingleNode switch { true => NodesOne, false => NodesMany, null => NodesUnknown };
    }

    /// <summary>Connects with <see cref="RedisStoreOptions.Configuration"/>; keeps retrying in the background if Redis is down (abortConnect=false).</summary>
    public static RedisContextStore Connect(RedisStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var config = ConfigurationOptions.Parse(options.Configuration);
        config.AbortOnConnectFail = false;
        return new RedisContextStore(ConnectionMultiplexer.Connect(config), options, ownsConnection: true);
    }

    private IDatabase Db => _redis.GetDatabase();

    /// <summary>
    /// Whether Redis answers a <c>PING</c> within <paramref name="timeout"/> (readiness: a paused or unreachable server
    /// is noticed in about that long, not after the client's 5 s command timeout).
    /// </summary>
    public async Task<bool> AnswersAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            await Db.PingAsync().WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is TimeoutException or RedisException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async ValueTask<CustomerContext> LoadAsync(ContextQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var c = query.CustomerId;
        var parts = query.Parts;
        var venueCount = parts.HasFlag(ContextParts.FriendVisits) ? query.VenueIds.Count : 0;
        if (venueCount == 0 && (parts & (ContextParts.Profile | ContextParts.State)) == 0)
        {
            return new CustomerContext(null, CustomerState.Empty, CustomerContext.NoFriendVisits);
        }

        var db = Db;
        var batch = db.CreateBatch();
        var profileTask = parts.HasFlag(ContextParts.Profile) ? batch.StringGetAsync(_keys.Profile(c)) : null;
        var stateTask = parts.HasFlag(ContextParts.State) ? batch.StringGetAsync(_keys.State(c)) : null;
        var since = (query.Now - query.FriendWindow).ToUnixTimeMilliseconds();
        var now = query.Now.ToUnixTimeMilliseconds();
        var single = venueCount > 0 && SingleNode();
        Task<RedisResult>? joinTask = null;
        Task<RedisValue[]>? friendsTask = null;
        if (single)
        {
            var args = new RedisValue[3 + venueCount];
            (args[0], args[1], args[2]) = (_keys.Prefix, since, now);
            for (var i = 0; i < venueCount; i++)
            {
                args[3 + i] = query.VenueIds[i];
            }

            joinTask = batch.ScriptEvaluateAsync(FriendVisitsScript, [_keys.Friends(c)], args);
        }
        else if (venueCount > 0)
        {
            friendsTask = batch.SetMembersAsync(_keys.Friends(c));
        }

        batch.Execute();
        var profile = profileTask is null ? RedisValue.Null : await profileTask.ConfigureAwait(false);
        var state = stateTask is null ? RedisValue.Null : await stateTask.ConfigureAwait(false);
        var visits = joinTask is not null
            ? Joined((RedisResult[])(await joinTask.ConfigureAwait(false))!, query.VenueIds)
            : friendsTask is not null ? await JoinPerSlotAsync(db, await friendsTask.ConfigureAwait(false), query.VenueIds, since, now).ConfigureAwait(false) : null;

        return new CustomerContext(
            profile.IsNull ? null : CustomerProfileCodec.Decode((byte[])profile!),
            state.IsNull ? CustomerState.Empty : CustomerStateCodec.Decode((byte[])state!),
            visits ?? CustomerContext.NoFriendVisits);
    }

    // The script's reply: (friend, 1-based venue index, visit ms) triples.
    private static Dictionary<string, IReadOnlyList<FriendVisit>>? Joined(RedisResult[] triples, IReadOnlyList<string> venueIds)
    {
        Dictionary<string, IReadOnlyList<FriendVisit>>? visits = null;
        for (var i = 0; i + 2 < triples.Length; i += 3)
        {
            Add(ref visits, venueIds[(int)triples[i + 1] - 1], new FriendVisit((string)triples[i]!, DateTimeOffset.FromUnixTimeMilliseconds((long)triples[i + 2])));
        }

        return visits;
    }

    // Friends live in other slots (a cluster): their visits at the asked venues in one pipelined round trip.
    private async Task<Dictionary<string, IReadOnlyList<FriendVisit>>?> JoinPerSlotAsync(IDatabase db, RedisValue[] friends, IReadOnlyList<string> venueIds, long since, long now)
    {
        if (friends.Length == 0)
        {
            return null;
        }

        var fields = new RedisValue[venueIds.Count];
        for (var i = 0; i < fields.Length; i++)
        {
            fields[i] = venueIds[i];
        }

        var batch = db.CreateBatch();
        var reads = new Task<RedisValue[]>[friends.Length];
        for (var f = 0; f < friends.Length; f++)
        {
            reads[f] = batch.HashGetAsync(_keys.Visits(friends[f]!), fields);
        }

        batch.Execute();
        Dictionary<string, IReadOnlyList<FriendVisit>>? visits = null;
        for (var f = 0; f < friends.Length; f++)
        {
            var values = await reads[f].ConfigureAwait(false);
            for (var v = 0; v < values.Length; v++)
            {
                if (ParseVisit(values[v]) is { } visit && visit.At >= since && visit.Expires > now)
                {
                    Add(ref visits, venueIds[v], new FriendVisit(friends[f]!, DateTimeOffset.FromUnixTimeMilliseconds(visit.At)));
                }
            }
        }

        return visits;
    }

    private static void Add(ref Dictionary<string, IReadOnlyList<FriendVisit>>? visits, string venueId, FriendVisit visit)
    {
        visits ??= new Dictionary<string, IReadOnlyList<FriendVisit>>(StringComparer.Ordinal);
        if (!visits.TryGetValue(venueId, out var list))
        {
            visits[venueId] = list = new List<FriendVisit>(4);
        }

        ((List<FriendVisit>)list).Add(visit);
    }

    // A visits field: "visitMs:expiresAtMs".
    private static (long At, long Expires)? ParseVisit(RedisValue value)
    {
        if (value.IsNull)
        {
            return null;
        }

        var text = ((string)value!).AsSpan();
        var colon = text.IndexOf(':');
        return colon > 0 && long.TryParse(text[..colon], NumberStyles.Integer, CultureInfo.InvariantCulture, out var at) && long.TryParse(text[(colon + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var expires)
            ? (at, expires)
            : null;
    }

    // Friends' visits joined on the node (single node only: the friends' keys are built here, not declared, so
    // they must follow RedisKeys.Visits: "{prefix}{friend}:visits"; the contract tests read what RecordCheckIn
    // wrote). KEYS: 1 the customer's friends. ARGV: 1 key prefix, 2 window start ms, 3 now ms, 4.. venue ids.
    // Returns (friend, venue index from 1, visit ms) for each friend's visit inside the window and not expired.
    private const string FriendVisitsScript = """
        local friends = redis.call('SMEMBERS', KEYS[1])
        local since, now, out = tonumber(ARGV[2]), tonumber(ARGV[3]), {}
        for _, friend in ipairs(friends) do
          local values = redis.call('HMGET', ARGV[1] .. '{' .. friend .. '}:visits', unpack(ARGV, 4))
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

    /// <inheritdoc />
    public async ValueTask<StateWriteOutcome> SaveStateAsync(string customerId, CustomerState state, long epoch = 0, CancellationToken cancellationToken = default) =>
        Outcome(await WriteState(Db, customerId, state, epoch).ConfigureAwait(false));

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<StateWriteOutcome>> SaveStatesAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var db = Db;
        var sent = new Task<RedisResult>[writes.Count];
        for (var i = 0; i < sent.Length; i++)
        {
            sent[i] = WriteState(db, writes[i].CustomerId, writes[i].State, writes[i].Epoch);
        }

        var outcomes = new StateWriteOutcome[sent.Length];
        for (var i = 0; i < sent.Length; i++)
        {
            outcomes[i] = Outcome(await sent[i].ConfigureAwait(false));
        }

        return outcomes;
    }

    private Task<RedisResult> WriteState(IDatabase db, string customerId, CustomerState state, long epoch) =>
        db.ScriptEvaluateAsync(StateWriteScript, [_keys.State(customerId), _keys.Profile(customerId)], [epoch, CustomerStateCodec.EncodeFenced(state, epoch), (long)_options.StateTtl.TotalSeconds]);

    private static StateWriteOutcome Outcome(RedisResult result) => (StateWriteOutcome)(int)result;

    // The fenced state write (docs/context-store.md, "Fenced writes"), slot-local: KEYS 1 state, 2 profile. ARGV: 1 the
    // writer's epoch, 2 the value (fence header + JSON), 3 TTL seconds. Returns a StateWriteOutcome: 0 written, 1 fenced
    // (the stored value's header carries a higher epoch), 2 no profile (unknown or erased: nothing is kept about them).
    private const string StateWriteScript = """
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

    /// <inheritdoc />
    /// <remarks>
    /// Reads the server's clock, then increments <c>{prefix}epoch</c> in a script that refuses to run past that
    /// time plus <paramref name="maxDelay"/> (both on the counter's node, so client clocks do not matter); a refused
    /// claim throws <see cref="TimeoutException"/>, which the retrying store retries with a fresh deadline.
    /// </remarks>
    public async ValueTask<long> ClaimEpochAsync(TimeSpan maxDelay, CancellationToken cancellationToken = default)
    {
        var db = Db;
        var now = (long)(await db.ScriptEvaluateAsync(ServerMillisScript, [_keys.Epoch]).ConfigureAwait(false));
        var claimed = (long)(await db.ScriptEvaluateAsync(ClaimScript, [_keys.Epoch], [now + (long)maxDelay.TotalMilliseconds]).ConfigureAwait(false));
        return claimed > 0 ? claimed : throw new TimeoutException($"the epoch claim reached Redis more than {maxDelay.TotalMilliseconds:0} ms after it was issued");
    }

    // KEYS 1 the epoch counter (only to run on its node). Returns the node's clock in ms.
    private const string ServerMillisScript = """
        local t = redis.call('TIME')
        return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        """;

    // KEYS 1 the epoch counter; ARGV 1 the deadline (the node's clock, ms). Returns the new epoch, or -1 past the deadline.
    private const string ClaimScript = """
        local t = redis.call('TIME')
        if tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000) > tonumber(ARGV[1]) then
          return -1
        end
        return redis.call('INCR', KEYS[1])
        """;

    /// <inheritdoc />
    public async ValueTask<ReservationResult> ReserveAsync(OfferReservation reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        var c = reservation.CustomerId;
        var caps = reservation.Caps;
        var db = Db;
        RedisKey[] keys = [_keys.Decision(c, reservation.OfferId), _keys.RuleGrants(c, reservation.RuleId), _keys.AllGrants(c)];
        var ttl = (long)_options.DecisionTtl.TotalSeconds;
        RedisValue[] args =
        [
            reservation.Now.ToUnixTimeMilliseconds(),
            (long)caps.Window.TotalMilliseconds,
            caps.MaxPerCustomer ?? -1,
            caps.Cooldown is { } cd ? (long)cd.TotalMilliseconds : -1,
            caps.MaxOffersPerCustomerPerHour ?? -1,
            reservation.OfferId,
            ttl,
            caps.DailyBudget is null ? 1 : 0,
        ];
        var result = (RedisResult[])(await db.ScriptEvaluateAsync(ReservationScript.Source, keys, args).ConfigureAwait(false))!;
        var outcome = (ReservationOutcome)(int)result[0];
        var replayed = (int)result[1] == 1;
        if (replayed || outcome != ReservationOutcome.Granted || caps.DailyBudget is not { } budget)
        {
            return new ReservationResult(outcome, replayed);
        }

        // The budget is shared by all customers, so it cannot share their slot: spend it with INCR and take the
        // grant back if that overdrew it. A crash between the two overspends by at most one offer per crash.
        var budgetKey = _keys.Budget(reservation.RuleId, reservation.Now);
        var spent = await db.StringIncrementAsync(budgetKey).ConfigureAwait(false);
        if (spent == 1)
        {
            await db.KeyExpireAsync(budgetKey, TimeSpan.FromDays(2)).ConfigureAwait(false);
        }

        if (spent > budget)
        {
            await db.StringDecrementAsync(budgetKey).ConfigureAwait(false);
            await db.ScriptEvaluateAsync(ReservationScript.UndoSource, keys, [reservation.OfferId, ttl]).ConfigureAwait(false);
            return new ReservationResult(ReservationOutcome.BudgetExhausted, false);
        }

        await db.StringSetAsync(keys[0], (int)ReservationOutcome.Granted, _options.DecisionTtl).ConfigureAwait(false);
        return new ReservationResult(ReservationOutcome.Granted, false);
    }

    /// <inheritdoc />
    public async ValueTask UpsertProfileAsync(CustomerProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var db = Db;
        await db.StringSetAsync(_keys.Profile(profile.CustomerId), CustomerProfileCodec.Encode(profile)).ConfigureAwait(false);
        await db.PublishAsync(_keys.Invalidations, ProfileChanged + profile.CustomerId).ConfigureAwait(false);
    }

    // Announcement payloads: a one-letter kind, then the customer id.
    private const string ProfileChanged = "p:";
    private const string Erased = "e:";

    /// <summary>
    /// Calls <paramref name="onChange"/> whenever a profile is written or a customer erased through any store on
    /// this Redis (any process), and with <see cref="ContextChange.Unknown"/> when the connection was restored
    /// (announcements may have been missed). Dispose to stop listening.
    /// </summary>
    public IDisposable SubscribeChanges(Action<ContextChange, string?> onChange)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        var subscriber = _redis.GetSubscriber();
        void OnMessage(RedisChannel channel, RedisValue message)
        {
            var text = (string?)message ?? string.Empty;
            if (text.StartsWith(ProfileChanged, StringComparison.Ordinal))
            {
                onChange(ContextChange.Profile, text[ProfileChanged.Length..]);
            }
            else if (text.StartsWith(Erased, StringComparison.Ordinal))
            {
                onChange(ContextChange.Erasure, text[Erased.Length..]);
            }
            else
            {
                onChange(ContextChange.Unknown, null);
            }
        }

        void OnRestored(object? sender, ConnectionFailedEventArgs e) => onChange(ContextChange.Unknown, null);
        subscriber.Subscribe(_keys.Invalidations, OnMessage);
        _redis.ConnectionRestored += OnRestored;
        return new Subscription(() =>
        {
            _redis.ConnectionRestored -= OnRestored;
            subscriber.Unsubscribe(_keys.Invalidations, OnMessage);
        });
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }

    /// <inheritdoc />
    public async ValueTask AddFriendshipAsync(string customerId, string friendId, CancellationToken cancellationToken = default)
    {
        // Two slots (one per customer), so two commands; both are idempotent set additions.
        var a = Db.SetAddAsync(_keys.Friends(customerId), friendId);
        var b = Db.SetAddAsync(_keys.Friends(friendId), customerId);
        await Task.WhenAll(a, b).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask RecordCheckInAsync(string customerId, string venueId, DateTimeOffset at, TimeSpan retention, CancellationToken cancellationToken = default)
    {
        // The visit is written once, to the customer's own key, and joined by their friends when they read
        // (docs/context-store.md, "Social context, joined on read"): one slot-local script, whatever the friend count.
        var atMs = at.ToUnixTimeMilliseconds();
        await Db.ScriptEvaluateAsync(CheckInScript, [_keys.Visits(customerId)], [venueId, atMs, (at + retention).ToUnixTimeMilliseconds()]).ConfigureAwait(false);
    }

    // KEYS: 1 the customer's visits. ARGV: 1 venue id, 2 visit ms, 3 expire-at ms. The latest visit per venue wins,
    // whatever order check-ins arrive in; the key's expiry is set if it has none (NX) or extended (GT), never
    // shortened. A hash past 64 venues drops the visits that have expired by this one's time.
    private const string CheckInScript = """
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

    // Decided once the server type is known: a standalone server (or a forced setting) is one node; until then,
    // and on a cluster or behind a proxy, the per-slot path, which is correct everywhere.
    private bool SingleNode()
    {
        var known = Volatile.Read(ref _singleNode);
        if (known != NodesUnknown)
        {
            return known == NodesOne;
        }

        var servers = _redis.GetServers();
        if (servers.Length == 0 || !servers.All(s => s.IsConnected))
        {
            return false;
        }

        var single = servers.All(s => s.ServerType is ServerType.Standalone);
        Volatile.Write(ref _singleNode, single ? NodesOne : NodesMany);
        return single;
    }

    private const int NodesUnknown = 0;
    private const int NodesOne = 1;
    private const int NodesMany = 2;

    /// <inheritdoc />
    public async ValueTask RecordPositionAsync(string customerId, double latitude, double longitude, DateTimeOffset at, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        var value = string.Create(CultureInfo.InvariantCulture, $"{latitude:R},{longitude:R},{at.ToUnixTimeMilliseconds()}");
        await Db.StringSetAsync(_keys.Position(customerId), value, ttl).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<IReadOnlyList<FriendPosition>> LoadFriendPositionsAsync(string customerId, DateTimeOffset now, TimeSpan maxAge, CancellationToken cancellationToken = default)
    {
        // Positions live in each friend's own slot (they are written on every ping, so fanning them out would
        // multiply writes by the friend count): a read costs two round trips, friends then their positions.
        var db = Db;
        var friends = await db.SetMembersAsync(_keys.Friends(customerId)).ConfigureAwait(false);
        if (friends.Length == 0)
        {
            return [];
        }

        var batch = db.CreateBatch();
        var reads = new Task<RedisValue>[friends.Length];
        for (var i = 0; i < friends.Length; i++)
        {
            reads[i] = batch.StringGetAsync(_keys.Position(friends[i]!));
        }

        batch.Execute();
        var since = (now - maxAge).ToUnixTimeMilliseconds();
        var result = new List<FriendPosition>();
        for (var i = 0; i < reads.Length; i++)
        {
            var value = await reads[i].ConfigureAwait(false);
            if (value.IsNull)
            {
                continue;
            }

            var parts = value.ToString().Split(',');
            var atMs = long.Parse(parts[2], CultureInfo.InvariantCulture);
            if (atMs >= since)
            {
                result.Add(new FriendPosition(friends[i]!, double.Parse(parts[0], CultureInfo.InvariantCulture), double.Parse(parts[1], CultureInfo.InvariantCulture), DateTimeOffset.FromUnixTimeMilliseconds(atMs)));
            }
        }

        return result;
    }

    /// <inheritdoc />
    public async ValueTask RegisterReferralAsync(ReferralLink link, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        var db = Db;
        var key = _keys.Referral(link.Code);
        var expiresMs = link.Expires.ToUnixTimeMilliseconds();
        var write = db.HashSetAsync(key, [
            new HashEntry("sharer", link.SharerId),
            new HashEntry("pct", link.RewardPercent.ToString(CultureInfo.InvariantCulture)),
            new HashEntry("exp", expiresMs)]);
        var expire = db.KeyExpireAsync(key, link.Expires.UtcDateTime);
        var remember = db.SetAddAsync(_keys.ReferralCodes(link.SharerId), link.Code);
        await Task.WhenAll(write, expire, remember).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ReferralCredit?> CreditReferralAsync(string code, string buyerId, string purchaseId, decimal amount, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        var db = Db;
        var fields = await db.HashGetAsync(_keys.Referral(code), ["sharer", "pct", "exp"]).ConfigureAwait(false);
        if (fields[0].IsNull || (long)fields[2] <= at.ToUnixTimeMilliseconds())
        {
            return null;
        }

        var sharer = (string)fields[0]!;
        if (string.Equals(sharer, buyerId, StringComparison.Ordinal))
        {
            return null;
        }

        var month = Referrals.Month(at);
        var reward = Referrals.RewardMinor(amount, decimal.Parse((string)fields[1]!, CultureInfo.InvariantCulture));
        var result = (RedisResult[])(await db.ScriptEvaluateAsync(CreditScript, [_keys.ReferralCredited(sharer), _keys.ReferralEarnings(sharer)], [purchaseId, month, reward]).ConfigureAwait(false))!;
        var fresh = (int)result[0] == 1;
        return new ReferralCredit(sharer, month, fresh ? reward / 100m : 0, (long)result[1] / 100m, Duplicate: !fresh);
    }

    // Slot-local (both keys carry the sharer's tag): credit once per purchase id, return {fresh, month total}.
    private const string CreditScript = """
        if redis.call('SADD', KEYS[1], ARGV[1]) == 1 then
          return {1, redis.call('HINCRBY', KEYS[2], ARGV[2], ARGV[3])}
        end
        return {0, tonumber(redis.call('HGET', KEYS[2], ARGV[2]) or '0')}
        """;

    /// <inheritdoc />
    public async ValueTask<decimal> LoadReferralEarningsAsync(string customerId, string month, CancellationToken cancellationToken = default)
    {
        var minor = await Db.HashGetAsync(_keys.ReferralEarnings(customerId), month).ConfigureAwait(false);
        return minor.IsNull ? 0 : (long)minor / 100m;
    }

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

    /// <summary>Closes the connection if the store opened it (<see cref="Connect"/>); a given connection stays open.</summary>
    public void Dispose()
    {
        if (_ownsConnection)
        {
            _redis.Dispose();
        }
    }
}
