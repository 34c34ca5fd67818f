using System.Globalization;
using Momentary.Core.Context;
using StackExchange.Redis;

namespace Momentary.Redis.Store;

/// <summary>
/// The production context store on Redis (docs/context-store.md). A signal's context is read in one pipelined
/// round trip (profile, state, friends' visits per venue); a reservation is one Lua script, atomic and
/// idempotent by offer id. Only async calls on the hot path.
/// </summary>
public sealed class RedisContextStore : ICustomerContextStore, IDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly bool _ownsConnection;
    private readonly RedisKeys _keys;
    private readonly RedisStoreOptions _options;
    private int _fanOut; // FanOutUnknown until decided, then FanOutSingleScript or FanOutPerSlot

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
        _fanOut = options.SingleNodeFanOut switch { true => FanOutSingleScript, false => FanOutPerSlot, null => FanOutUnknown };
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

        var batch = Db.CreateBatch();
        var profileTask = parts.HasFlag(ContextParts.Profile) ? batch.StringGetAsync(_keys.Profile(c)) : null;
        var stateTask = parts.HasFlag(ContextParts.State) ? batch.StringGetAsync(_keys.State(c)) : null;
        var since = (query.Now - query.FriendWindow).ToUnixTimeMilliseconds();
        var visitTasks = venueCount == 0 ? [] : new Task<SortedSetEntry[]>[venueCount];
        for (var i = 0; i < visitTasks.Length; i++)
        {
            visitTasks[i] = batch.SortedSetRangeByScoreWithScoresAsync(_keys.FriendVisits(c, query.VenueIds[i]), since, double.PositiveInfinity);
        }

        batch.Execute();
        var profile = profileTask is null ? RedisValue.Null : await profileTask.ConfigureAwait(false);
        var state = stateTask is null ? RedisValue.Null : await stateTask.ConfigureAwait(false);
        Dictionary<string, IReadOnlyList<FriendVisit>>? visits = null;
        for (var i = 0; i < visitTasks.Length; i++)
        {
            var entries = await visitTasks[i].ConfigureAwait(false);
            if (entries.Length == 0)
            {
                continue;
            }

            var list = new FriendVisit[entries.Length];
            for (var j = 0; j < entries.Length; j++)
            {
                list[j] = new FriendVisit(entries[j].Element!, DateTimeOffset.FromUnixTimeMilliseconds((long)entries[j].Score));
            }

            (visits ??= new Dictionary<string, IReadOnlyList<FriendVisit>>(StringComparer.Ordinal))[query.VenueIds[i]] = list;
        }

        return new CustomerContext(
            profile.IsNull ? null : CustomerProfileCodec.Decode((byte[])profile!),
            state.IsNull ? CustomerState.Empty : CustomerStateCodec.Decode((byte[])state!),
            visits ?? CustomerContext.NoFriendVisits);
    }

    /// <inheritdoc />
    public async ValueTask SaveStateAsync(string customerId, CustomerState state, CancellationToken cancellationToken = default) =>
        await WriteState(Db, customerId, state).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask SaveStatesAsync(IReadOnlyCollection<KeyValuePair<string, CustomerState>> states, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(states);
        var db = Db;
        var writes = new Task[states.Count];
        var i = 0;
        foreach (var (customerId, state) in states)
        {
            writes[i++] = WriteState(db, customerId, state);
        }

        await Task.WhenAll(writes).ConfigureAwait(false);
    }

    private Task<bool> WriteState(IDatabase db, string customerId, CustomerState state) =>
        db.StringSetAsync(_keys.State(customerId), CustomerStateCodec.Encode(state), _options.StateTtl);

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
        var db = Db;
        var atMs = at.ToUnixTimeMilliseconds();
        var expiresAtMs = (at + retention).ToUnixTimeMilliseconds();
        if (SingleNodeFanOut())
        {
            // Every key on one node: the visit and the whole fan-out in one script, one round trip.
            await db.ScriptEvaluateAsync(CheckInScript, [_keys.Visited(customerId), _keys.Friends(customerId)], [venueId, expiresAtMs, atMs, customerId, _keys.Prefix]).ConfigureAwait(false);
            return;
        }

        // Cluster: one script on the customer's slot records the visit and returns the friends; then one script
        // per friend (each friend's key lives in that friend's slot).
        var friends = (RedisValue[])(await db.ScriptEvaluateAsync(OwnVisitScript, [_keys.Visited(customerId), _keys.Friends(customerId)], [venueId, expiresAtMs]).ConfigureAwait(false))!;
        if (friends.Length == 0)
        {
            return;
        }

        var writes = new Task[friends.Length];
        for (var i = 0; i < friends.Length; i++)
        {
            writes[i] = db.ScriptEvaluateAsync(FriendVisitScript, [_keys.FriendVisits(friends[i]!, venueId)], [atMs, customerId, expiresAtMs]);
        }

        await Task.WhenAll(writes).ConfigureAwait(false);
    }

    // Decided once the server type is known: a standalone server (or a forced setting) takes the single script;
    // until then, and on a cluster, the per-slot path, which is correct everywhere.
    private bool SingleNodeFanOut()
    {
        var known = Volatile.Read(ref _fanOut);
        if (known != FanOutUnknown)
        {
            return known == FanOutSingleScript;
        }

        var servers = _redis.GetServers();
        if (servers.Length == 0 || !servers.All(s => s.IsConnected))
        {
            return false;
        }

        var single = servers.All(s => s.ServerType is ServerType.Standalone);
        Volatile.Write(ref _fanOut, single ? FanOutSingleScript : FanOutPerSlot);
        return single;
    }

    private const int FanOutUnknown = 0;
    private const int FanOutSingleScript = 1;
    private const int FanOutPerSlot = 2;

    // Expiries below are set if the key has none (NX) or extended (GT), never shortened, so an out-of-order older
    // check-in cannot expire a newer one early.
    // KEYS: 1 the customer's visited set, 2 their friends. ARGV: 1 venue id, 2 expire-at ms. Returns the friends.
    private const string OwnVisitScript = """
        redis.call('SADD', KEYS[1], ARGV[1])
        redis.call('PEXPIREAT', KEYS[1], ARGV[2], 'NX')
        redis.call('PEXPIREAT', KEYS[1], ARGV[2], 'GT')
        return redis.call('SMEMBERS', KEYS[2])
        """;

    // KEYS: 1 a friend's visits at the venue. ARGV: 1 visit ms, 2 customer id, 3 expire-at ms. The latest visit per
    // customer wins (GT), whatever order check-ins arrive in.
    private const string FriendVisitScript = """
        redis.call('ZADD', KEYS[1], 'GT', ARGV[1], ARGV[2])
        redis.call('PEXPIREAT', KEYS[1], ARGV[3], 'NX')
        redis.call('PEXPIREAT', KEYS[1], ARGV[3], 'GT')
        """;

    // Both scripts above in one, for a single node only: the friends' keys are built here, not declared, so they
    // must be RedisKeys.FriendVisits's layout ("{prefix}{friend}:fv:{venue}"; the contract tests read them back
    // through it). KEYS: 1 visited set, 2 friends. ARGV: 1 venue id, 2 expire-at ms, 3 visit ms, 4 customer id,
    // 5 key prefix. Returns the number of friends reached.
    private const string CheckInScript = """
        redis.call('SADD', KEYS[1], ARGV[1])
        redis.call('PEXPIREAT', KEYS[1], ARGV[2], 'NX')
        redis.call('PEXPIREAT', KEYS[1], ARGV[2], 'GT')
        local friends = redis.call('SMEMBERS', KEYS[2])
        for _, friend in ipairs(friends) do
          local key = ARGV[5] .. '{' .. friend .. '}:fv:' .. ARGV[1]
          redis.call('ZADD', key, 'GT', ARGV[3], ARGV[4])
          redis.call('PEXPIREAT', key, ARGV[2], 'NX')
          redis.call('PEXPIREAT', key, ARGV[2], 'GT')
        end
        return #friends
        """;

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
        var friends = await db.SetMembersAsync(_keys.Friends(customerId)).ConfigureAwait(false);
        var visited = await db.SetMembersAsync(_keys.Visited(customerId)).ConfigureAwait(false);
        var codes = await db.SetMembersAsync(_keys.ReferralCodes(customerId)).ConfigureAwait(false);
        long removed = 0;
        foreach (var code in codes)
        {
            removed += await db.KeyDeleteAsync(_keys.Referral(code!)).ConfigureAwait(false) ? 1 : 0;
        }

        // Entries about this customer in friends' keys: their friend lists and fanned-out visits.
        foreach (var friend in friends)
        {
            removed += await db.SetRemoveAsync(_keys.Friends(friend!), customerId).ConfigureAwait(false) ? 1 : 0;
            foreach (var venue in visited)
            {
                removed += await db.SortedSetRemoveAsync(_keys.FriendVisits(friend!, venue!), customerId).ConfigureAwait(false) ? 1 : 0;
            }
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

    public void Dispose()
    {
        if (_ownsConnection)
        {
            _redis.Dispose();
        }
    }
}
