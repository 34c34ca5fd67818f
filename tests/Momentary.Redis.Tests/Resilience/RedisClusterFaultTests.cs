using Momentary.Testing.Traits;
using System.Collections.Concurrent;
using System.Diagnostics;
using Momentary.Core.Context;
using Momentary.Redis.Resilience;
using Momentary.Redis.Store;
using Momentary.Testing;
using Momentary.Testing.Redis;
using Xunit.Abstractions;

namespace Momentary.Redis.Tests.Resilience;

/// <summary>
/// A real Redis Cluster (three masters, three replicas, node timeout 1 s) faulted in the middle of signal-shaped
/// work from many customers: a master killed with SIGKILL (its replica is promoted), or slots with their keys
/// resharded to another master (MOVED and ASK). Each test has its own cluster, so the shared one is not disturbed.
/// </summary>
[Trait(Needs.Trait, Needs.Redis)]
public sealed class RedisClusterFaultTests(ITestOutputHelper output) : IDisposable
{
    private const int Customers = 60;
    private const int SignalsEach = 12;
    private static readonly CapPolicy Caps = new(3, TimeSpan.FromDays(1));
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    private readonly RedisCluster _cluster = new();

    [Fact]
    public async Task RetryingStore_MasterKilledMidLoad_ReplicaTakesOverEveryCallCompletesAndNoCapIsSpentTwice()
    {
        var load = new Load(_cluster);
        await load.UntilStartedAsync();
        var victim = _cluster.KillMasterOf(_cluster.SlotOf(load.Keys.Profile("c0").ToString()));
        var down = Stopwatch.StartNew();
        Assert.True(await Eventually.TrueAsync(() => load.Store.Status == ContextStoreStatus.Degraded, TimeSpan.FromSeconds(15)), "calls to the dead master must be failing and retried");
        var recovered = _cluster.WaitUntilHealthy(TimeSpan.FromSeconds(30));
        Assert.True(await Eventually.TrueAsync(() => load.Store.Status == ContextStoreStatus.Healthy, TimeSpan.FromSeconds(15)), "calls must succeed again after the failover");
        var serving = down.Elapsed;
        await load.CompletedAsync();
        output.WriteLine($"killed {victim.Port}; cluster healthy again after {recovered.TotalMilliseconds:0} ms, store healthy after {serving.TotalMilliseconds:0} ms; {load.Report()}");

        Assert.DoesNotContain(victim, _cluster.Masters());
        load.AssertEverySignalCompletedAndEachCapSpentExactlyOnce();
        Assert.True(load.Store.Retries > 0);
    }

    [Fact]
    public async Task RetryingStore_SlotsReshardedMidLoad_EveryCallCompletesAndNoCapIsSpentTwice()
    {
        var load = new Load(_cluster);
        await load.UntilStartedAsync();
        var from = _cluster.MasterOf(_cluster.SlotOf(load.Keys.Profile("c0").ToString()));
        var to = _cluster.Masters().First(m => m != from);
        var first = _cluster.FirstSlotOf(from);
        var moving = Stopwatch.StartNew();
        _cluster.Reshard(from, to, 1500);
        output.WriteLine($"resharded 1500 slots {from.Port} → {to.Port} in {moving.ElapsedMilliseconds} ms");
        await load.CompletedAsync();
        output.WriteLine(load.Report());

        Assert.Equal(to, _cluster.MasterOf(first));
        load.AssertEverySignalCompletedAndEachCapSpentExactlyOnce();
    }

    public void Dispose() => _cluster.Dispose();

    // Like the pipeline: customers in parallel, each customer's signals one after another (load, save, reserve).
    private sealed class Load
    {
        private readonly ConcurrentDictionary<string, int> _granted = new();
        private readonly ConcurrentDictionary<string, int> _replayedGrants = new();
        private readonly Task[] _work;
        private int _signals;
        private int _expected;
        private volatile bool _stopped;

        public Load(RedisCluster cluster)
        {
            Redis = RedisContextStore.Connect(new RedisStoreSettings { Configuration = cluster.Configuration + ",connectRetry=1,syncTimeout=1000,asyncTimeout=1000", KeyPrefix = "fault:" });
            Store = new RetryingContextStore(Redis, TimeProvider.System, new RetrySettings { Initial = TimeSpan.FromMilliseconds(20), Max = TimeSpan.FromMilliseconds(200) });
            _work = Enumerable.Range(0, Customers).Select(c => Task.Run(() => Customer($"c{c}"))).ToArray();
        }

        public RedisContextStore Redis { get; }

        public RetryingContextStore Store { get; }

        public RedisKeys Keys { get; } = new("fault:");

        public async Task UntilStartedAsync() =>
            Assert.True(await Eventually.TrueAsync(() => Volatile.Read(ref _signals) >= Customers * 2, TimeSpan.FromSeconds(30)), "the load did not start");

        // Customers keep signalling (at least SignalsEach each) until the fault is over.
        public async Task CompletedAsync()
        {
            _stopped = true;
            await Task.WhenAll(_work).WaitAsync(TimeSpan.FromMinutes(3));
            Redis.Dispose();
        }

        public string Report() => $"{_signals} signals, {_granted.Values.Sum()} grants to {_granted.Count} customers, {_replayedGrants.Values.Sum()} replays answered Granted, {Store.Retries} retries";

        public void AssertEverySignalCompletedAndEachCapSpentExactlyOnce()
        {
            Assert.Equal(_expected, _signals);
            Assert.True(_signals >= Customers * SignalsEach);
            Assert.Equal(Customers, _granted.Count);
            Assert.All(_granted.Values, n => Assert.Equal(Caps.MaxPerCustomer, n)); // exactly the cap: none lost, none spent twice
            Assert.All(_replayedGrants, r => Assert.True(r.Value <= _granted[r.Key]));
        }

        private async Task Customer(string id)
        {
            await Store.UpsertProfileAsync(new CustomerProfile { CustomerId = id });
            for (var s = 0; s < SignalsEach || !_stopped; s++)
            {
                Interlocked.Increment(ref _expected);
                var at = Now.AddSeconds(s);
                var ctx = await Store.LoadAsync(new ContextQuery(id, ["v"], TimeSpan.FromDays(1), at));
                Assert.Equal(s == 0 ? null : at.AddSeconds(-1), ctx.State.LastSeen); // the previous signal's write survived the fault
                Assert.Equal(StateWriteOutcome.Written, await Store.SaveStateAsync(id, ctx.State with { LastSeen = at }, epoch: 1));
                var result = await Store.ReserveAsync(new OfferReservation($"{id}-o{s}", id, "rule", at, Caps));
                if (result.Granted)
                {
                    _granted.AddOrUpdate(id, 1, (_, n) => n + 1);
                }

                // A replay (a signal processed again after a crash) spends nothing and repeats the decision.
                var replay = await Store.ReserveAsync(new OfferReservation($"{id}-o{s}", id, "rule", at, Caps));
                Assert.True(replay.Replayed && replay.Outcome == result.Outcome, $"replay of {id}-o{s}");
                if (replay.Granted)
                {
                    _replayedGrants.AddOrUpdate(id, 1, (_, n) => n + 1);
                }

                Interlocked.Increment(ref _signals);
                await Task.Delay(25);
            }
        }
    }
}
