using Momentary.Testing.Contract;
using Momentary.Testing.Traits;
using Momentary.Core.Context;
using Momentary.Redis.Store;
using Momentary.Redis.Tests.Support;
using Momentary.Testing.Redis;
using StackExchange.Redis;

namespace Momentary.Redis.Tests.Contract;

[Collection(RedisServerCollection.Name)]
[Trait(Needs.Trait, Needs.Redis)]
public sealed class RedisContextStoreTests : RedisStoreContract
{
    private readonly RedisServerFixture _redis;
    private readonly string _prefix;

    public RedisContextStoreTests(RedisServerFixture redis)
        : this(redis, $"t{Guid.NewGuid():N}:")
    {
    }

    private RedisContextStoreTests(RedisServerFixture redis, string prefix)
        : base(() => redis.CreateStore(prefix))
    {
        _redis = redis;
        _prefix = prefix;
    }

    [Fact]
    public async Task Keys_OfOneCustomer_ShareTheHashTagAndTimeBoundOnesHaveTtl()
    {
        await Store.AddFriendshipAsync("jane", "amy");
        await Store.RecordCheckInAsync("amy", "aurora", Now.AddDays(-1), TimeSpan.FromDays(30));
        await Store.SaveStateAsync("jane", new CustomerState { LastSeen = Now });
        await Reserve("o1", new CapPolicy(1, TimeSpan.FromDays(1)), Now);

        var db = _redis.Connection.GetDatabase();
        var janeKeys = Keys($"{_prefix}{{jane}}:*");
        var amyKeys = Keys($"{_prefix}{{amy}}:*");
        Assert.Contains($"{_prefix}{{amy}}:visits", amyKeys);
        Assert.All(janeKeys, k => Assert.Contains("{jane}", k, StringComparison.Ordinal));
        Assert.All(amyKeys, k => Assert.Contains("{amy}", k, StringComparison.Ordinal));
        foreach (var key in janeKeys.Concat(amyKeys).Where(k => !k.EndsWith(":friends", StringComparison.Ordinal)))
        {
            var ttl = await db.KeyTimeToLiveAsync(key);
            Assert.True(ttl is { } t && t > TimeSpan.Zero, $"{key} has no TTL");
        }
    }

    [Fact]
    public async Task StoredState_CarriesTheWritersEpoch_AndAStateWrittenBeforeFencingIsReadAndTakenOver()
    {
        await Known("jane", "amy");
        var db = _redis.Connection.GetDatabase();
        await Store.SaveStateAsync("jane", new CustomerState { LastSeen = Now }, epoch: 7);
        var stored = (byte[])(await db.StringGetAsync($"{_prefix}{{jane}}:state"))!;
        Assert.Equal("E000000000007"u8.ToArray(), stored[..CustomerStateCodec.FenceHeaderLength]);
        Assert.Equal(0xB5, stored[CustomerStateCodec.FenceHeaderLength]); // the binary state's marker (docs/context-store.md, "State format")

        // A value from before fencing (plain JSON) counts as epoch 0: read as it is, and any owner may replace it.
        await db.StringSetAsync($"{_prefix}{{amy}}:state", CustomerStateCodec.EncodeJson(new CustomerState { LastSeen = Now.AddDays(-1) }));
        Assert.Equal(Now.AddDays(-1), (await Store.LoadAsync(Query("amy"))).State.LastSeen);
        Assert.Equal(StateWriteOutcome.Written, await Store.SaveStateAsync("amy", new CustomerState { LastSeen = Now }, epoch: 1));
        Assert.Equal(1, CustomerStateCodec.EpochOf((byte[])(await db.StringGetAsync($"{_prefix}{{amy}}:state"))!));
    }

    [Fact]
    public async Task StoredState_WrittenAsJsonByAnOlderEngine_IsReadFencedAndReplacedByTheBinaryFormat()
    {
        await Known("jane");
        var db = _redis.Connection.GetDatabase();
        var key = $"{_prefix}{{jane}}:state";
        var old = "E000000000009"u8.ToArray().Concat(CustomerStateCodec.EncodeJson(new CustomerState { LastSeen = Now.AddHours(-1), InsideVenues = new Dictionary<string, DateTimeOffset> { ["aurora"] = Now.AddHours(-2) } })).ToArray();
        await db.StringSetAsync(key, old);

        var state = (await Store.LoadAsync(Query("jane"))).State;
        Assert.Equal((Now.AddHours(-1), Now.AddHours(-2)), (state.LastSeen, state.InsideVenues["aurora"]));

        // Its header still fences: an older owner's binary write is refused, the owner's own replaces the JSON.
        Assert.Equal(StateWriteOutcome.Fenced, await Store.SaveStateAsync("jane", state with { LastSeen = Now }, epoch: 8));
        Assert.Equal(StateWriteOutcome.Fenced, (await Store.SaveStatesAsync([new StateWrite("jane", state with { LastSeen = Now }, 8)]))[0]);
        Assert.Equal(old, (byte[])(await db.StringGetAsync(key))!);
        Assert.Equal(StateWriteOutcome.Written, await Store.SaveStateAsync("jane", state with { LastSeen = Now }, epoch: 9));
        var stored = (byte[])(await db.StringGetAsync(key))!;
        Assert.Equal((9L, (byte)0xB5), (CustomerStateCodec.EpochOf(stored), stored[CustomerStateCodec.FenceHeaderLength]));
        Assert.Equal(Now, (await Store.LoadAsync(Query("jane"))).State.LastSeen);
    }

    [Fact]
    public async Task WriteJsonState_WritesTheFencedJsonAnOlderEngineReads()
    {
        await Known("jane");
        using var json = new RedisContextStore(_redis.Connection, new RedisStoreSettings { Configuration = _redis.Server.Configuration, KeyPrefix = _prefix, WriteJsonState = true });
        var state = new CustomerState { LastSeen = Now, InsideVenues = new Dictionary<string, DateTimeOffset> { ["aurora"] = Now.AddMinutes(-5) } };

        // Both write paths (one customer, a flush of many) write "E" + epoch, then the JSON an older engine parses.
        Assert.Equal(StateWriteOutcome.Written, await json.SaveStateAsync("jane", state, epoch: 3));
        var single = (byte[])(await _redis.Connection.GetDatabase().StringGetAsync($"{_prefix}{{jane}}:state"))!;
        Assert.Equal(StateWriteOutcome.Written, (await json.SaveStatesAsync([new StateWrite("jane", state, 4)]))[0]);
        var batched = (byte[])(await _redis.Connection.GetDatabase().StringGetAsync($"{_prefix}{{jane}}:state"))!;
        Assert.Equal([.. "E000000000003"u8, .. CustomerStateCodec.EncodeJson(state)], single);
        Assert.Equal([.. "E000000000004"u8, .. CustomerStateCodec.EncodeJson(state)], batched);
        using var document = System.Text.Json.JsonDocument.Parse(batched.AsMemory(CustomerStateCodec.FenceHeaderLength));
        Assert.Equal("aurora", document.RootElement.GetProperty("insideVenues").EnumerateObject().Single().Name);

        // It still fences, and the default store reads it.
        Assert.Equal(StateWriteOutcome.Fenced, await json.SaveStateAsync("jane", state, epoch: 2));
        Assert.Equal(state.InsideVenues["aurora"], (await Store.LoadAsync(Query("jane"))).State.InsideVenues["aurora"]);
    }

    [Fact]
    public async Task ClaimEpoch_FromTwoProcesses_NeverRepeatsAndAlwaysGrows()
    {
        using var otherConnection = _redis.Server.Connect(); // another process: its own connection, the same data
        using var other = new RedisContextStore(otherConnection, new RedisStoreSettings { Configuration = _redis.Server.Configuration, KeyPrefix = _prefix });
        var claims = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            claims.Add(await (i % 2 == 0 ? Store : other).ClaimEpochAsync(TimeSpan.FromSeconds(5)));
        }

        Assert.Equal(claims.Order(), claims);
        Assert.Equal(claims.Count, claims.Distinct().Count());
    }

    [Fact]
    public async Task ClaimEpoch_ReachingRedisAfterItsDeadline_IsRefused()
    {
        // A deadline already past stands for a claim delayed in flight (a backlog replayed after an outage): it must
        // not out-number a claim made meanwhile by the task's next owner.
        await Assert.ThrowsAsync<TimeoutException>(async () => await Store.ClaimEpochAsync(TimeSpan.FromSeconds(-1)));
        var next = await Store.ClaimEpochAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(1, next); // the refused claim took no number
    }

    [Fact]
    public async Task CheckIn_AnOlderOneArrivingLate_NeverShortensTheExpiryOfTheVisitKeys()
    {
        var now = DateTimeOffset.UtcNow; // expiries are absolute, so this test runs on the real clock
        await Store.AddFriendshipAsync("jane", "amy");
        await Store.RecordCheckInAsync("amy", "aurora", now, TimeSpan.FromDays(30));
        await Store.RecordCheckInAsync("amy", "aurora", now.AddDays(-20), TimeSpan.FromDays(30)); // alone it would expire in 10 days

        var ttl = await _redis.Connection.GetDatabase().KeyTimeToLiveAsync($"{_prefix}{{amy}}:visits");
        Assert.True(ttl is { } t && t > TimeSpan.FromDays(29), $"amy's visits: {ttl}");

        var jane = await Store.LoadAsync(new ContextQuery("jane", ["aurora"], TimeSpan.FromDays(30), now));
        Assert.Equal(now.ToUnixTimeMilliseconds(), jane.FriendVisits["aurora"].Single().At.ToUnixTimeMilliseconds()); // the latest visit kept
    }

    [Fact]
    public async Task OnAStandaloneServer_ACheckInIsOneScriptAndFriendsVisitsJoinInTheContextsRoundTrip()
    {
        string[] friends = ["amy", "ben", "cleo", "dan"];
        foreach (var friend in friends)
        {
            await Store.AddFriendshipAsync("jane", friend);
            await Store.RecordCheckInAsync(friend, "aurora", Now.AddDays(-1), TimeSpan.FromDays(30));
        }

        using var admin = await ConnectionMultiplexer.ConnectAsync(_redis.Server.Configuration + ",allowAdmin=true");
        var server = admin.GetServers().Single();
        var before = ScriptCalls(await server.InfoRawAsync("commandstats"));
        await Store.RecordCheckInAsync("jane", "kiosk", Now.AddDays(-1), TimeSpan.FromDays(30));
        Assert.Equal(1, ScriptCalls(await server.InfoRawAsync("commandstats")) - before);

        before = ScriptCalls(await server.InfoRawAsync("commandstats"));
        var ctx = await Store.LoadAsync(new ContextQuery("jane", ["aurora", "kiosk"], TimeSpan.FromDays(14), Now));
        Assert.Equal(1, ScriptCalls(await server.InfoRawAsync("commandstats")) - before); // the join, on the node
        Assert.Equal(friends, ctx.FriendVisits["aurora"].Select(v => v.FriendId).Order(StringComparer.Ordinal));
        Assert.False(ctx.FriendVisits.ContainsKey("kiosk")); // jane's own check-in is not a friend's
    }

    // Script calls the server has run (EVAL and EVALSHA), from INFO commandstats.
    private static long ScriptCalls(string? commandStats) =>
        (commandStats ?? string.Empty).Split('\n')
            .Where(l => l.StartsWith("cmdstat_eval:", StringComparison.Ordinal) || l.StartsWith("cmdstat_evalsha:", StringComparison.Ordinal))
            .Sum(l => long.Parse(l.Split("calls=")[1].Split(',')[0], System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public async Task Erase_LeavesNoKeyOfTheCustomerOnTheServer()
    {
        await Store.UpsertProfileAsync(new CustomerProfile { CustomerId = "amy" });
        await Store.AddFriendshipAsync("amy", "jane");
        await Store.RecordCheckInAsync("amy", "aurora", Now.AddDays(-1), TimeSpan.FromDays(30));
        await Store.RecordCheckInAsync("jane", "kiosk", Now.AddDays(-1), TimeSpan.FromDays(30));
        await Reserve("o1", new CapPolicy(1, TimeSpan.FromDays(1)), Now, customer: "amy");
        Assert.NotEmpty(Keys($"{_prefix}{{amy}}:*"));

        await Store.EraseCustomerAsync("amy");

        Assert.Empty(Keys($"{_prefix}{{amy}}:*"));
        var db = _redis.Connection.GetDatabase();
        foreach (var key in Keys($"{_prefix}*"))
        {
            var type = await db.KeyTypeAsync(key);
            var members = type switch
            {
                RedisType.Set => (await db.SetMembersAsync(key)).Select(m => m.ToString()),
                RedisType.SortedSet => (await db.SortedSetRangeByRankAsync(key)).Select(m => m.ToString()),
                _ => [],
            };
            Assert.DoesNotContain("amy", members);
        }
    }

    private List<string> Keys(string pattern) =>
        _redis.Connection.GetServer(_redis.Connection.GetEndPoints()[0]).Keys(pattern: pattern).Select(k => k.ToString()).ToList();
}
