using Momentary.Testing.Traits;
using Microsoft.Extensions.Time.Testing;
using Momentary.Core.Context;
using Momentary.Redis.Store;
using Momentary.Redis.Tests.Support;
using Momentary.Testing.Redis;

namespace Momentary.Redis.Tests.Caching;

/// <summary>
/// The partition-affine cache in front of Redis (real redis-server): state is written behind and durable after a
/// flush, profiles are re-read after their TTL or at once when another process announces a change, erasure wins
/// over buffered writes, and the cache stays bounded.
/// </summary>
[Collection(RedisServerCollection.Name)]
[Trait(Needs.Trait, Needs.Redis)]
public sealed class CachingContextStoreTests(RedisServerFixture redis) : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 40, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly string _prefix = $"t{Guid.NewGuid():N}:";
    private readonly List<IDisposable> _disposables = [];

    private RedisContextStore Redis(string? prefix = null)
    {
        var store = redis.CreateStore(prefix ?? _prefix);
        _disposables.Add(store);
        return store;
    }

    private CachingContextStore Cache(ICustomerContextStore inner, int maxCustomers = 1000) =>
        new(inner, new CachingContextStoreSettings { ProfileTtl = TimeSpan.FromSeconds(30), MaxCustomers = maxCustomers }, _time);

    private async Task Known(params string[] customers)
    {
        foreach (var c in customers)
        {
            await Redis().UpsertProfileAsync(new CustomerProfile { CustomerId = c });
        }
    }

    private static ContextQuery Query(string customer) => new(customer, [], TimeSpan.FromDays(14), Now);

    [Fact]
    public async Task SaveState_IsBufferedUntilFlush_ButSeenThroughTheCacheAtOnce()
    {
        await Known("jane"); // nothing is kept about customers without a profile
        var shared = Redis();
        var cache = Cache(shared);
        await cache.LoadAsync(Query("jane"));

        await cache.SaveStateAsync("jane", new CustomerState { LastSeen = Now });

        Assert.Equal(Now, (await cache.LoadAsync(Query("jane"))).State.LastSeen);
        Assert.Null((await Redis().LoadAsync(Query("jane"))).State.LastSeen); // another process: not yet
        await cache.FlushAsync();
        Assert.Equal(Now, (await Redis().LoadAsync(Query("jane"))).State.LastSeen);
    }

    [Fact]
    public async Task Flush_ManySavesOfOneCustomer_WritesTheNewest()
    {
        await Known("jane");
        var cache = Cache(Redis());
        for (var i = 1; i <= 5; i++)
        {
            await cache.SaveStateAsync("jane", new CustomerState { LastSeen = Now.AddSeconds(i) });
        }

        await cache.FlushAsync();

        Assert.Equal(Now.AddSeconds(5), (await Redis().LoadAsync(Query("jane"))).State.LastSeen);
    }

    [Fact]
    public async Task Load_SecondTime_ServesStateAndProfileFromProcess()
    {
        var cache = Cache(Redis());
        await Redis().UpsertProfileAsync(new CustomerProfile { CustomerId = "jane", Tier = "gold" });
        await Redis().SaveStateAsync("jane", new CustomerState { LastSeen = Now });
        await cache.LoadAsync(Query("jane"));

        // Changed behind the cache's back (no announcement): the cached copies are what the cache serves.
        await redis.Connection.GetDatabase().KeyDeleteAsync([$"{_prefix}{{jane}}:state", $"{_prefix}{{jane}}:profile"]);
        var second = await cache.LoadAsync(Query("jane"));

        Assert.Equal("gold", second.Profile!.Tier);
        Assert.Equal(Now, second.State.LastSeen);
        Assert.Equal((1, 1), (cache.StateMisses, cache.StateHits));
    }

    [Fact]
    public async Task Profile_IsReadAgainAfterItsTtl()
    {
        var cache = Cache(Redis());
        await redis.Connection.GetDatabase().StringSetAsync($"{_prefix}{{jane}}:profile", CustomerProfileCodec.Encode(new CustomerProfile { CustomerId = "jane", Tier = "silver" }));
        Assert.Equal("silver", (await cache.LoadAsync(Query("jane"))).Profile!.Tier);
        await redis.Connection.GetDatabase().StringSetAsync($"{_prefix}{{jane}}:profile", CustomerProfileCodec.Encode(new CustomerProfile { CustomerId = "jane", Tier = "gold" }));

        _time.Advance(TimeSpan.FromSeconds(29));
        Assert.Equal("silver", (await cache.LoadAsync(Query("jane"))).Profile!.Tier);
        _time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal("gold", (await cache.LoadAsync(Query("jane"))).Profile!.Tier);
    }

    [Fact]
    public async Task ProfileWrittenByAnotherProcess_IsAnnouncedAndReadAgain_StateKept()
    {
        var shared = Redis();
        var cache = Cache(shared);
        using var subscription = shared.SubscribeChanges(cache.Apply);
        await Redis().UpsertProfileAsync(new CustomerProfile { CustomerId = "jane", Consent = new Dictionary<string, bool> { ["offers"] = true } });
        await cache.LoadAsync(Query("jane"));
        await cache.SaveStateAsync("jane", new CustomerState { LastSeen = Now });

        // Consent withdrawn through another store (another process, e.g. `momentary context load`).
        await Redis().UpsertProfileAsync(new CustomerProfile { CustomerId = "jane", Consent = new Dictionary<string, bool> { ["offers"] = false } });

        var seen = await Eventually(async () => (await cache.LoadAsync(Query("jane"))).Profile!.HasConsent("offers") == false);
        Assert.True(seen, "the announced profile change never reached the cache");
        Assert.Equal(Now, (await cache.LoadAsync(Query("jane"))).State.LastSeen); // unflushed state survives
    }

    [Fact]
    public async Task ErasureByAnotherProcess_DropsTheCustomerAndTheirBufferedState()
    {
        var shared = Redis();
        var cache = Cache(shared);
        using var subscription = shared.SubscribeChanges(cache.Apply);
        await Redis().UpsertProfileAsync(new CustomerProfile { CustomerId = "jane" });
        await cache.LoadAsync(Query("jane"));
        await cache.SaveStateAsync("jane", new CustomerState { LastSeen = Now, LastLatitude = 48.85, LastLongitude = 2.35 });

        await Redis().EraseCustomerAsync("jane");
        var forgotten = await Eventually(async () => (await cache.LoadAsync(Query("jane"))).Profile is null);
        await cache.FlushAsync();

        Assert.True(forgotten, "the announced erasure never reached the cache");
        Assert.Null((await Redis().LoadAsync(Query("jane"))).State.LastSeen); // the buffered position was not written back
        Assert.Empty(Keys($"{_prefix}{{jane}}:*"));
    }

    [Fact]
    public async Task Load_UnderANewEpoch_DoesNotTrustStateCachedUnderTheOldOne()
    {
        await Known("jane");
        var cache = Cache(Redis());
        await cache.LoadAsync(Query("jane") with { Epoch = 1 });
        await cache.SaveStateAsync("jane", new CustomerState { LastSeen = Now }, epoch: 1);
        await cache.FlushAsync();

        // Meanwhile the task moved to another process, which wrote a newer state, and then came back.
        await Redis().SaveStateAsync("jane", new CustomerState { LastSeen = Now.AddMinutes(5) }, epoch: 2);

        Assert.Equal(Now, (await cache.LoadAsync(Query("jane") with { Epoch = 1 })).State.LastSeen); // same owner: the cache is the truth
        Assert.Equal(Now.AddMinutes(5), (await cache.LoadAsync(Query("jane") with { Epoch = 3 })).State.LastSeen); // new ownership: read again
    }

    [Fact]
    public async Task Flush_OfAStaleOwnerAfterARebalance_IsFencedReportedAndItsCachedStateDropped()
    {
        await Known("jane");
        var stale = Cache(Redis()); // process A, which owned jane's task
        var owner = Cache(Redis()); // process B, which owns it after the rebalance
        var epochA = await Redis().ClaimEpochAsync(TimeSpan.FromSeconds(5));
        await stale.LoadAsync(Query("jane") with { Epoch = epochA });
        await stale.SaveStateAsync("jane", new CustomerState { LastSeen = Now }, epochA); // buffered; A stalls (a GC pause) before flushing
        var epochB = await Redis().ClaimEpochAsync(TimeSpan.FromSeconds(5));
        await owner.LoadAsync(Query("jane") with { Epoch = epochB });
        await owner.SaveStateAsync("jane", new CustomerState { LastSeen = Now.AddMinutes(1) }, epochB);
        await owner.FlushAsync();
        var reported = (Fenced: 0, NoProfile: 0);
        stale.WritesRefused += (fenced, noProfile) => reported = (fenced, noProfile);

        await stale.FlushAsync();

        Assert.Equal((1, 0), reported);
        Assert.Equal(1, stale.Refused(StateWriteOutcome.Fenced));
        Assert.Equal(Now.AddMinutes(1), (await Redis().LoadAsync(Query("jane"))).State.LastSeen);
        Assert.Equal(Now.AddMinutes(1), (await stale.LoadAsync(Query("jane") with { Epoch = epochA })).State.LastSeen); // dropped from A's cache, read afresh
    }

    [Fact]
    public async Task Save_UnderAnOlderEpochThanOneBuffered_IsRefusedAndLeavesTheNewerInPlace()
    {
        await Known("jane");
        var cache = Cache(Redis());
        await cache.LoadAsync(Query("jane") with { Epoch = 5 });
        await cache.SaveStateAsync("jane", new CustomerState { LastSeen = Now }, epoch: 5);

        var older = await cache.SaveStateAsync("jane", new CustomerState { LastSeen = Now.AddMinutes(-1) }, epoch: 4);
        await cache.FlushAsync();

        Assert.Equal(StateWriteOutcome.Fenced, older);
        Assert.Equal(Now, (await cache.LoadAsync(Query("jane") with { Epoch = 5 })).State.LastSeen);
        Assert.Equal(Now, (await Redis().LoadAsync(Query("jane"))).State.LastSeen);
    }

    [Fact]
    public async Task Flush_ForACustomerWithoutAProfile_WritesNothingAndReportsIt()
    {
        var cache = Cache(Redis());
        var reported = (Fenced: 0, NoProfile: 0);
        cache.WritesRefused += (fenced, noProfile) => reported = (fenced, noProfile);
        await cache.SaveStateAsync("stranger", new CustomerState { LastSeen = Now, LastLatitude = 48.85 });

        await cache.FlushAsync();

        Assert.Equal((0, 1), reported);
        Assert.Empty(Keys($"{_prefix}{{stranger}}:*"));
    }

    [Fact]
    public async Task Clear_KeepsBufferedStateVisibleAndFlushable()
    {
        await Known("jane");
        var cache = Cache(Redis());
        await cache.LoadAsync(Query("jane"));
        await cache.SaveStateAsync("jane", new CustomerState { LastSeen = Now });

        cache.Clear(); // e.g. a rebalance while the write is still buffered

        Assert.Equal(Now, (await cache.LoadAsync(Query("jane"))).State.LastSeen);
        await cache.FlushAsync();
        Assert.Equal(Now, (await Redis().LoadAsync(Query("jane"))).State.LastSeen);
    }

    [Fact]
    public async Task Flush_WhenTheStoreFails_KeepsTheStatesAndWritesThemNextTime()
    {
        await Known("jane", "sam");
        var failing = new FailingSaves(Redis());
        var cache = Cache(failing);
        await cache.SaveStateAsync("jane", new CustomerState { LastSeen = Now });
        failing.Fail = true;

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await cache.FlushAsync());
        await cache.SaveStateAsync("sam", new CustomerState { LastSeen = Now.AddMinutes(1) });
        failing.Fail = false;
        await cache.FlushAsync();

        Assert.Equal(Now, (await Redis().LoadAsync(Query("jane"))).State.LastSeen);
        Assert.Equal(Now.AddMinutes(1), (await Redis().LoadAsync(Query("sam"))).State.LastSeen);
    }

    [Fact]
    public async Task ConcurrentFlushes_EachReturnOnlyWhenItsSavesAreDurable()
    {
        var cache = Cache(Redis());
        var customers = Enumerable.Range(0, 200).Select(i => $"c{i}").ToArray();
        await Known(customers);
        await Task.WhenAll(customers.Select(async c =>
        {
            await cache.SaveStateAsync(c, new CustomerState { LastSeen = Now });
            await cache.FlushAsync();
            Assert.Equal(Now, (await Redis().LoadAsync(Query(c))).State.LastSeen);
        }));
    }

    [Fact]
    public async Task Cache_StaysWithinItsBound()
    {
        var cache = Cache(Redis(), maxCustomers: 10);

        for (var i = 0; i < 25; i++)
        {
            await cache.LoadAsync(Query($"c{i}"));
        }

        Assert.InRange(cache.Count, 1, 10);
    }

    [Fact]
    public async Task Load_AsksTheStoreOnlyForMissingParts()
    {
        var shared = Redis();
        await shared.UpsertProfileAsync(new CustomerProfile { CustomerId = "jane", Tier = "gold" });
        await shared.SaveStateAsync("jane", new CustomerState { LastSeen = Now });

        var onlyVisits = await shared.LoadAsync(Query("jane") with { Parts = ContextParts.FriendVisits });
        var onlyState = await shared.LoadAsync(Query("jane") with { Parts = ContextParts.State });

        Assert.Null(onlyVisits.Profile);
        Assert.Null(onlyVisits.State.LastSeen);
        Assert.Null(onlyState.Profile);
        Assert.Equal(Now, onlyState.State.LastSeen);
    }

    private static async Task<bool> Eventually(Func<Task<bool>> condition)
    {
        for (var i = 0; i < 200; i++)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(10);
        }

        return false;
    }

    private List<string> Keys(string pattern) =>
        redis.Connection.GetServer(redis.Connection.GetEndPoints()[0]).Keys(pattern: pattern).Select(k => k.ToString()).ToList();

    public void Dispose()
    {
        foreach (var d in _disposables)
        {
            d.Dispose();
        }
    }

    // Saves fail while Fail is set; everything else goes to the inner store.
    private sealed class FailingSaves(ICustomerContextStore inner) : DelegatingContextStore(inner)
    {
        public bool Fail { get; set; }

        public override ValueTask<StateWriteOutcome> SaveStateAsync(string customerId, CustomerState state, long epoch = 0, CancellationToken cancellationToken = default) =>
            Fail ? ValueTask.FromException<StateWriteOutcome>(new InvalidOperationException("store down")) : Inner.SaveStateAsync(customerId, state, epoch, cancellationToken);

        public override ValueTask<IReadOnlyList<StateWriteOutcome>> SaveStatesAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken = default) =>
            Fail ? ValueTask.FromException<IReadOnlyList<StateWriteOutcome>>(new InvalidOperationException("store down")) : Inner.SaveStatesAsync(writes, cancellationToken);
    }
}
