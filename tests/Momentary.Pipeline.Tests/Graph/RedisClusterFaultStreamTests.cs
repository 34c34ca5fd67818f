using Momentary.Testing.Traits;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Momentary.Core.Messaging;
using Momentary.Core.Signals;
using Momentary.Pipeline.Graph;
using Momentary.Pipeline.Processing;
using Momentary.Redis.Resilience;
using Momentary.Redis.Store;
using Momentary.Testing;
using Momentary.Testing.Demo;
using Momentary.Testing.Redis;

namespace Momentary.Pipeline.Tests.Graph;

/// <summary>
/// The real graph over a real Redis Cluster faulted mid-stream: the master serving Jane's slot killed (SIGKILL, its
/// replica promoted), or that master's slots resharded away with their keys (MOVED/ASK). Its own cluster per test.
/// </summary>
[Trait(Needs.Trait, Needs.Redis)]
public sealed class RedisClusterFaultStreamTests : IDisposable
{
    private readonly RedisCluster _cluster = new();
    private readonly ActorSystem _system = ActorSystem.Create("cluster-fault", "akka.loglevel = WARNING");

    [Theory]
    [InlineData("failover")]
    [InlineData("reshard")]
    public async Task Graph_ClusterFaultMidStream_ProcessesEverySignalInOrderAndIssuesJanesOfferExactlyOnce(string fault)
    {
        using var redis = RedisContextStore.Connect(new RedisStoreSettings { Configuration = _cluster.Configuration + ",syncTimeout=1000,asyncTimeout=1000" });
        var store = new RetryingContextStore(redis, TimeProvider.System, new RetrySettings { Initial = TimeSpan.FromMilliseconds(20), Max = TimeSpan.FromMilliseconds(200) });
        var world = new DemoWorld(store, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DemoWorld.Start.AddMinutes(2)));
        await world.SeedAsync();
        var records = new List<InboundRecord>();
        for (var i = 0; i < 12; i++)
        {
            for (var c = 0; c < 30; c++)
            {
                var ping = new LocationPing { Id = $"c{c}-{i}", CustomerId = $"c{c}", Timestamp = DemoWorld.Start.AddSeconds(i), Latitude = 48.8599 + (i * 0.00001), Longitude = 2.3398 };
                records.Add(DemoWorld.Record(ping, records.Count));
            }

            if (i == 6)
            {
                records.AddRange(DemoWorld.Walks().Select(r => r with { Offset = records.Count }));
            }
        }

        var janes = _cluster.SlotOf("{jane}");
        // Throttled (about 8 s in all), so the fault lands in the middle of the stream.
        var run = Source.From(records.Select(r => (r, r.Offset)))
            .Throttle(50, TimeSpan.FromSeconds(1), 10, ThrottleMode.Shaping)
            .Via(SignalGraph.Create<long>(world.Processor, world.Settings))
            .RunWith(Sink.Seq<(SignalOutcome Outcome, long Offset)>(), _system.Materializer());

        Assert.True(await Eventually.TrueAsync(() => world.Processor.Processed >= 60, TimeSpan.FromSeconds(30)));
        if (fault == "failover")
        {
            _cluster.KillMasterOf(janes);
            Assert.True(await Eventually.TrueAsync(() => store.Status == ContextStoreStatus.Degraded, TimeSpan.FromSeconds(15)), "the stream must be waiting for the dead master");
            _cluster.WaitUntilHealthy(TimeSpan.FromSeconds(30));
        }
        else
        {
            var from = _cluster.MasterOf(janes);
            _cluster.Reshard(from, _cluster.Masters().First(m => m != from), 5461); // all its slots, Jane's too
        }

        var outcomes = await run.WaitAsync(TimeSpan.FromSeconds(90));

        Assert.Equal(records.Count, outcomes.Count);
        Assert.Equal(records.Select(r => r.Offset), outcomes.Select(o => o.Offset));
        Assert.DoesNotContain(outcomes, o => o.Outcome.Kind == SignalOutcomeKind.DeadLetter);
        var offer = Assert.Single(outcomes.SelectMany(o => o.Outcome.Offers));
        Assert.Equal("jane", offer.CustomerId);
    }

    public void Dispose()
    {
        _system.Dispose();
        _cluster.Dispose();
    }
}
