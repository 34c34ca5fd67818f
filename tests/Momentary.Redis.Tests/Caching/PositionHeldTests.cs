using Microsoft.Extensions.Time.Testing;
using Momentary.Core.Context;
using Momentary.Redis.Runtime;
using Momentary.Redis.Store;
using Momentary.Redis.Tests.Support;
using Momentary.Testing.Redis;
using Momentary.Testing.Traits;

namespace Momentary.Redis.Tests.Caching;

/// <summary>
/// Saves that moved only the position, outside every fence, wait in the cache for up to the interval (real
/// redis-server): the store keeps the last written fix, a transition or the interval writes the newest state, and a
/// change of tasks writes what was held before the cache is dropped (docs/context-store.md, "Position-only changes wait").
/// </summary>
[Collection(RedisServerCollection.Name)]
[Trait(Needs.Trait, Needs.Redis)]
public sealed class PositionHeldTests(RedisServerFixture redis) : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 40, 0, TimeSpan.Zero);
    private readonly string _prefix = $"t{Guid.NewGuid():N}:";
    private readonly List<IDisposable> _disposables = [];

    private RedisContextStore Redis()
    {
        var store = redis.CreateStore(_prefix);
        _disposables.Add(store);
        return store;
    }

    private static ContextQuery Query(string customer, long epoch = 7) => new(customer, [], TimeSpan.FromDays(14), Now) { Epoch = epoch };

    private static ulong[] Ids(params string[] signals) => [.. signals.Select(RecentMarks.IdOf)];

    private static CustomerState Fix(CustomerState state, int seconds) => state with
    {
        LastSeen = Now.AddSeconds(seconds),
        LastLatitude = 48.86 + (seconds * 1e-5),
        LastLongitude = 2.34,
        RecentSignals = state.RecentSignals.Add($"p-{seconds}", [], []),
    };

    private async Task<(CachingContextStore Cache, CustomerState Written)> WrittenOnce(TimeSpan? interval = null)
    {
        await Redis().UpsertProfileAsync(new CustomerProfile { CustomerId = "jane" });
        var cache = new CachingContextStore(Redis(), new CachingContextStoreSettings { PositionWriteInterval = interval ?? TimeSpan.FromMinutes(2) }, new FakeTimeProvider(Now));
        var first = Fix((await cache.LoadAsync(Query("jane"))).State, 0);
        await cache.SaveStateAsync("jane", first, epoch: 7); // a first fix: written
        await cache.FlushAsync();
        return (cache, first);
    }

    private async Task<CustomerState> Stored() => (await Redis().LoadAsync(Query("jane"))).State;

    [Fact]
    public async Task QuietFixes_StayInTheCache_TheStoreKeepsTheWrittenOne()
    {
        var (cache, written) = await WrittenOnce();
        var next = Fix(Fix(written, 30), 60);

        await cache.SaveStateAsync("jane", Fix(written, 30), epoch: 7);
        await cache.SaveStateAsync("jane", next, epoch: 7);
        await cache.FlushAsync();

        Assert.Equal(2, cache.PositionsHeld);
        Assert.Equal(Now.AddSeconds(60), (await cache.LoadAsync(Query("jane"))).State.LastSeen); // the engine sees the newest
        Assert.Equal(Now, (await Stored()).LastSeen); // the store, the last written
    }

    [Fact]
    public async Task AFixPastTheInterval_WritesTheNewestState()
    {
        var (cache, written) = await WrittenOnce();
        await cache.SaveStateAsync("jane", Fix(written, 60), epoch: 7);
        var late = Fix(Fix(written, 60), 120);

        await cache.SaveStateAsync("jane", late, epoch: 7);
        await cache.FlushAsync();

        Assert.Equal(1, cache.PositionsHeld);
        Assert.Equal(Now.AddSeconds(120), (await Stored()).LastSeen);
        Assert.Equal(Ids("p-0", "p-60", "p-120"), (await Stored()).RecentSignals.ToArray());
    }

    [Fact]
    public async Task ATransitionAfterHeldFixes_WritesEverythingUpToIt()
    {
        var (cache, written) = await WrittenOnce();
        var quiet = Fix(written, 10);
        await cache.SaveStateAsync("jane", quiet, epoch: 7);
        var entered = quiet with
        {
            LastSeen = Now.AddSeconds(20),
            InsideVenues = new Dictionary<string, DateTimeOffset> { ["aurora"] = Now.AddSeconds(20) },
            RecentSignals = quiet.RecentSignals.Add("p-20", ["aurora"], []),
        };

        await cache.SaveStateAsync("jane", entered, epoch: 7);
        await cache.FlushAsync();

        var stored = await Stored();
        Assert.Equal(Now.AddSeconds(20), stored.LastSeen);
        Assert.Equal(Ids("p-0", "p-10", "p-20"), stored.RecentSignals.ToArray());
        Assert.Equal(["aurora"], Assert.Single(stored.RecentSignals.Transitions).Entered);
        Assert.Contains("aurora", stored.InsideVenues.Keys);
    }

    [Fact]
    public async Task ASaveUnderANewEpoch_IsWritten()
    {
        var (cache, written) = await WrittenOnce();

        await cache.SaveStateAsync("jane", Fix(written, 10), epoch: 8); // the task came back under a new claim
        await cache.FlushAsync();

        Assert.Equal(0, cache.PositionsHeld);
        Assert.Equal(Now.AddSeconds(10), (await Stored()).LastSeen);
    }

    [Fact]
    public async Task ZeroInterval_WritesEverySave()
    {
        var (cache, written) = await WrittenOnce(TimeSpan.Zero);

        await cache.SaveStateAsync("jane", Fix(written, 10), epoch: 7);
        await cache.FlushAsync();

        Assert.Equal(0, cache.PositionsHeld);
        Assert.Equal(Now.AddSeconds(10), (await Stored()).LastSeen);
    }

    [Fact]
    public async Task ReleaseHeld_BuffersTheHeldStates_ForTheNextFlush()
    {
        var (cache, written) = await WrittenOnce();
        await cache.SaveStateAsync("jane", Fix(written, 30), epoch: 7);

        Assert.Equal(1, cache.ReleaseHeld());
        Assert.Equal(0, cache.ReleaseHeld()); // nothing is held twice
        await cache.FlushAsync();

        Assert.Equal(Now.AddSeconds(30), (await Stored()).LastSeen);
    }

    [Fact]
    public async Task TasksChanged_WritesHeldPositionsBeforeDroppingTheCache()
    {
        await Redis().UpsertProfileAsync(new CustomerProfile { CustomerId = "jane" });
        using var runtime = RedisContextRuntime.Connect(
            new RedisRuntimeSettings { Store = new RedisStoreSettings { Configuration = redis.Server.Configuration, KeyPrefix = _prefix }, Cache = new CachingContextStoreSettings() },
            TimeProvider.System);
        var store = runtime.Store;
        var first = Fix((await store.LoadAsync(Query("jane"))).State, 0);
        await store.SaveStateAsync("jane", first, epoch: 7);
        await store.FlushAsync();
        await store.SaveStateAsync("jane", Fix(first, 45), epoch: 7);
        Assert.Equal(Now, (await Stored()).LastSeen);

        runtime.TasksChanged(); // a rebalance, or the engine stopping: the next owner must start from the last fix

        Assert.Equal(Now.AddSeconds(45), (await Stored()).LastSeen);
        Assert.Equal(0, runtime.Cache!.Count);
    }

    public void Dispose()
    {
        foreach (var d in _disposables)
        {
            d.Dispose();
        }
    }
}
