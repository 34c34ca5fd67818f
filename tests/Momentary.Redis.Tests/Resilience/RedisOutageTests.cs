using Momentary.Testing.Traits;
using System.Collections.Concurrent;
using System.Diagnostics;
using Momentary.Core.Context;
using Momentary.Redis.Resilience;
using Momentary.Redis.Store;
using Momentary.Testing.Redis;

namespace Momentary.Redis.Tests.Resilience;

/// <summary>Stops a real redis-server in the middle of a stream of signal-shaped work and restarts it. Has its own server so other tests are not disturbed.</summary>
[Trait(Needs.Trait, Needs.Redis)]
public sealed class RedisOutageTests : IDisposable
{
    private readonly RedisServer _server = new(persistent: true);

    [Fact]
    public async Task RetryingStore_RedisStoppedAndRestartedMidStream_CompletesEveryCallAndNeverExceedsACap()
    {
        using var redis = RedisContextStore.Connect(new RedisStoreSettings { Configuration = _server.Configuration + ",connectRetry=1,syncTimeout=500,asyncTimeout=500", KeyPrefix = "outage:" });
        var store = new RetryingContextStore(redis, TimeProvider.System, new RetrySettings { Initial = TimeSpan.FromMilliseconds(20), Max = TimeSpan.FromMilliseconds(200) });
        var caps = new CapPolicy(2, TimeSpan.FromDays(1));
        var now = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
        var statuses = new ConcurrentBag<ContextStoreStatus>();
        var granted = new ConcurrentDictionary<string, int>();
        const int customers = 20;
        const int signalsEach = 10;

        // Like the pipeline: customers in parallel, each customer's signals one after another (load, save, reserve).
        var work = Enumerable.Range(0, customers).Select(c => Task.Run(async () =>
        {
            for (var s = 0; s < signalsEach; s++)
            {
                var id = $"c{c}";
                var ctx = await store.LoadAsync(new ContextQuery(id, ["v"], TimeSpan.FromDays(1), now));
                await store.SaveStateAsync(id, ctx.State with { LastSeen = now.AddSeconds(s) });
                var result = await store.ReserveAsync(new OfferReservation($"{id}-o{s}", id, "rule", now.AddSeconds(s), caps));
                if (result.Granted)
                {
                    granted.AddOrUpdate(id, 1, (_, n) => n + 1);
                }

                await store.RecordCheckInAsync(id, "v", now.AddSeconds(s), TimeSpan.FromDays(3650)); // a call with no result (kept past today)
                statuses.Add(store.Status);
                await Task.Delay(20);
            }
        })).ToArray();

        await Task.Delay(150);
        _server.Stop();
        var down = Stopwatch.StartNew();
        while (store.Status != ContextStoreStatus.Degraded && down.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Task.Delay(10);
        }

        Assert.Equal(ContextStoreStatus.Degraded, store.Status);
        await Task.Delay(1000);
        _server.Start();
        await Task.WhenAll(work).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(ContextStoreStatus.Healthy, store.Status);
        Assert.True(store.Retries > 0);
        Assert.Equal(customers * signalsEach, statuses.Count); // every signal's work completed
        Assert.Equal(customers, granted.Count);
        Assert.All(granted.Values, n => Assert.Equal(2, n)); // exactly the cap: none lost to the outage, none spent twice by retries
        using var raw = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_server.Configuration);
        var lastVisit = now.AddSeconds(signalsEach - 1).ToUnixTimeMilliseconds();
        for (var c = 0; c < customers; c++)
        {
            var visit = (string?)await raw.GetDatabase().HashGetAsync($"outage:{{c{c}}}:visits", "v");
            Assert.StartsWith($"{lastVisit}:", visit); // every check-in landed, the last one last
        }
    }

    public void Dispose() => _server.Dispose();
}
