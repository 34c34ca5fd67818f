using Momentary.Testing.Traits;
using Momentary.Testing;
using System.Diagnostics;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Momentary.Core.Messaging;
using Momentary.Core.Signals;
using Momentary.Pipeline.Graph;
using Momentary.Pipeline.Processing;
using Momentary.Pipeline.Tests.Support;
using Momentary.Testing.Demo;
using Momentary.Redis.Resilience;
using Momentary.Redis.Store;
using Momentary.Testing.Redis;

namespace Momentary.Pipeline.Tests.Graph;

/// <summary>Stops the real (persistent) redis-server in the middle of the stream and restarts it.</summary>
[Trait(Needs.Trait, Needs.Redis)]
public sealed class RedisOutageStreamTests : IDisposable
{
    private readonly RedisServer _server = new(persistent: true);
    private readonly ActorSystem _system = ActorSystem.Create("outage", "akka.loglevel = WARNING");

    [Fact]
    public async Task Graph_RedisDownMidStream_ProcessesEverySignalAndIssuesJanesOfferExactlyOnce()
    {
        using var redis = RedisContextStore.Connect(new RedisStoreSettings { Configuration = _server.Configuration + ",syncTimeout=500,asyncTimeout=500" });
        var store = new RetryingContextStore(redis, TimeProvider.System, new RetrySettings { Initial = TimeSpan.FromMilliseconds(20), Max = TimeSpan.FromMilliseconds(200) });
        var world = new DemoWorld(store, new Microsoft.Extensions.Time.Testing.FakeTimeProvider(DemoWorld.Start.AddMinutes(2))); // signals are "now", not hours old
        await world.SeedAsync();
        var records = new List<InboundRecord>();
        for (var i = 0; i < 10; i++)
        {
            for (var c = 0; c < 30; c++)
            {
                var ping = new LocationPing { Id = $"c{c}-{i}", CustomerId = $"c{c}", Timestamp = DemoWorld.Start.AddSeconds(i), Latitude = 48.8599 + (i * 0.00001), Longitude = 2.3398 };
                records.Add(DemoWorld.Record(ping, records.Count));
            }

            if (i == 5)
            {
                records.AddRange(DemoWorld.Walks().Select(r => r with { Offset = records.Count }));
            }
        }

        // The first 60 records flow at once; the rest only once Redis is down, so the outage always lands mid-stream
        // (without the gate, a fast stream could finish before the server stops).
        var outageStarted = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        var run = Source.From(records.Take(60).Select(r => (r, r.Offset)))
            .Concat(Source.FromTask(outageStarted.Task).SelectMany(_ => records.Skip(60).Select(r => (r, r.Offset))))
            .Via(SignalGraph.Create<long>(world.Processor, world.Settings))
            .RunWith(Sink.Seq<(SignalOutcome Outcome, long Offset)>(), _system.Materializer());

        await Eventually.HoldsAsync(() => world.Processor.Processed >= 60, TimeSpan.FromSeconds(30), "the first 60 records");
        _server.Stop();
        outageStarted.SetResult(true);
        await Eventually.HoldsAsync(() => store.Status == ContextStoreStatus.Degraded, TimeSpan.FromSeconds(10), "the store's degraded status");
        var processedWhileDown = world.Processor.Processed;
        await Task.Delay(1000);
        Assert.True(world.Processor.Processed - processedWhileDown <= 32, "the stream must wait for Redis, not skip signals");
        _server.Start();
        var outcomes = await run.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(records.Count, outcomes.Count);
        Assert.Equal(records.Select(r => r.Offset), outcomes.Select(o => o.Offset));
        Assert.DoesNotContain(outcomes, o => o.Outcome.Kind == SignalOutcomeKind.DeadLetter);
        var offer = Assert.Single(outcomes.SelectMany(o => o.Outcome.Offers));
        Assert.Equal("jane", offer.CustomerId);
        Assert.Equal(ContextStoreStatus.Healthy, store.Status);
    }

    public void Dispose()
    {
        _system.Dispose();
        _server.Dispose();
    }

}
