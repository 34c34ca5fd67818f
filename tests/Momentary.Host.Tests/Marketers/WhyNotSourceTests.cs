using Momentary.Host.Backtesting;
using Momentary.Geo.Geofencing;
using Momentary.Host.Marketers;
using Momentary.Host.Tests.Support;
using Momentary.Pipeline.Processing;
using Momentary.Testing.Demo;
using Momentary.Testing.Redis;
using Momentary.Testing.Traits;

namespace Momentary.Host.Tests.Marketers;

/// <summary>
/// The live "why not": the demo walkers' pings decided by the production processor over a real redis-server, kept by
/// <see cref="RecentSignals"/>, then explained by <see cref="WhyNotSource"/> with the trace of the same code path.
/// </summary>
[Collection(RedisServerCollection.Name)]
[Trait(Needs.Trait, Needs.Redis)]
public sealed class WhyNotSourceTests(RedisServerFixture redis)
{
    [Fact]
    public async Task ExplainAsync_AfterTheEngineDecidedDemoWalks_AnswersEachWalkerNewestFirst()
    {
        using var store = redis.CreateStore();
        var time = new EventClock(DemoWorld.Start);
        var world = new DemoWorld(store, time);
        await world.SeedAsync();
        var recent = new RecentSignals(perCustomer: 3);
        var geofencer = new Geofencer(FenceIndex.Build(world.Catalog), new GeofenceSettings());
        var processor = new SignalProcessor(store, () => world.Rules, geofencer, time, world.Settings) { Decided = recent.Record, RecordMetrics = false };
        recent.Attach(() => world.Rules, geofencer, world.Settings);
        foreach (var record in DemoWorld.Walks("-" + nameof(ExplainAsync_AfterTheEngineDecidedDemoWalks_AnswersEachWalkerNewestFirst)))
        {
            time.Now = record.Timestamp;
            await processor.ProcessAsync(record);
        }

        var source = new WhyNotSource(recent, store);
        var jane = await source.ExplainAsync("jane", CancellationToken.None);
        var sam = await source.ExplainAsync("sam", CancellationToken.None);
        var nobody = await source.ExplainAsync("nobody", CancellationToken.None);

        Assert.Equal(3, jane.Signals.Count);
        Assert.True(jane.Signals[0].At >= jane.Signals[1].At && jane.Signals[1].At >= jane.Signals[2].At, "newest first");
        Assert.Contains(jane.Signals, s => s.Outcome.StartsWith("offer: aurora-friends/of_", StringComparison.Ordinal));
        Assert.All(jane.Signals, s => Assert.Equal("location", s.Kind));
        var samEntered = Assert.Single(sam.Signals, s => s.Outcome == "no offer: consent");
        Assert.Contains(samEntered.Lines, l => l.Contains("no consent to offers on record", StringComparison.Ordinal));
        Assert.Empty(nobody.Signals);
    }

    [Fact]
    public void Record_PastTheCustomerLimit_DropsTheLeastRecentlyActiveCustomer()
    {
        var recent = new RecentSignals(perCustomer: 2, maxCustomers: 2);
        var context = new Momentary.Core.Context.CustomerContext(null, Momentary.Core.Context.CustomerState.Empty, Momentary.Core.Context.CustomerContext.NoFriendVisits);
        DecidedSignal Decided(string customer, string id) => new(new Momentary.Core.Signals.WearableReading { Id = id, CustomerId = customer, Timestamp = DemoWorld.Start, Steps = 1 }, context, DemoWorld.Start, SignalOutcome.NoOffer);

        recent.Record(Decided("a", "a1"));
        recent.Record(Decided("b", "b1"));
        recent.Record(Decided("a", "a2"));
        recent.Record(Decided("a", "a3"));
        recent.Record(Decided("c", "c1"));

        Assert.Equal(["a3", "a2"], recent.Of("a").Select(d => d.Signal.Id));
        Assert.Empty(recent.Of("b"));
        Assert.Single(recent.Of("c"));
    }
}
