using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;
using Momentary.Host.Demo;
using Momentary.Host.Engine;
using Momentary.Host.Marketers;
using Momentary.Host.Tests.Support;
using Momentary.Pipeline.Processing;
using Momentary.Testing;
using Momentary.Testing.Demo;
using Momentary.Testing.Kafka;
using Momentary.Testing.Redis;
using Momentary.Testing.Traits;

namespace Momentary.Host.Tests.Marketers;

/// <summary>
/// "Why not" after the running engine — Kafka protocol (embedded cluster), the graph, a real redis-server — decided a
/// customer's signals: the source answers from what the engine kept, with the trace of the same code path.
/// </summary>
[Collection(RedisServerCollection.Name)]
[Trait(Needs.Trait, Needs.Redis)]
[Trait(Needs.Trait, Needs.Kafka)]
public sealed class WhyNotEngineTests(RedisServerFixture redis, KafkaTestCluster cluster) : IClassFixture<KafkaTestCluster>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ExplainAsync_AfterTheEngineProcessedJanesWalk_AnswersHerOfferAndSamsMissingConsent()
    {
        var signals = KafkaTestCluster.UniqueName("whynot-signals");
        var pipeline = new PipelineSettings { OfferTopic = KafkaTestCluster.UniqueName("whynot-offers"), DeadLetterTopic = KafkaTestCluster.UniqueName("whynot-dlq") };
        cluster.CreateTopic(signals, 2);
        cluster.CreateTopic(pipeline.OfferTopic, 1);
        cluster.CreateTopic(pipeline.DeadLetterTopic, 1);
        using var store = redis.CreateStore(KafkaTestCluster.UniqueName("whynot") + ":");
        var world = new DemoWorld(store, TimeProvider.System, pipeline);
        var now = DateTimeOffset.UtcNow;
        await DemoScenario.SeedAsync(store, now, CancellationToken.None);
        var recent = new RecentSignals();
        var geofencer = new Geofencer(FenceIndex.Build(world.Catalog), new GeofenceSettings());
        var processor = new SignalProcessor(store, () => world.Rules, geofencer, TimeProvider.System, pipeline) { Decided = recent.Record, RecordMetrics = false };
        recent.Attach(() => world.Rules, geofencer, pipeline);
        cluster.Produce(signals, [.. DemoScenario.Walk("sam", now.AddSeconds(-80)).Concat(DemoScenario.Walk("jane", now.AddSeconds(-80))).Select(p => (p.CustomerId, SignalCodec.Encode(p)))]);

        var engine = MomentaryEngine.Start(EngineSettingsFactory.Embedded(cluster.BootstrapServers, KafkaTestCluster.UniqueName("whynot-group"), [signals], pipeline), processor);
        try
        {
            Assert.True(await Eventually.TrueAsync(() => processor.Processed >= 8, Limit), "both walks processed");
        }
        finally
        {
            await engine.StopAsync(new CancellationTokenSource(Limit).Token);
            await engine.DisposeAsync();
        }

        var source = new WhyNotSource(recent, store);
        var jane = await source.ExplainAsync("jane", CancellationToken.None);
        var sam = await source.ExplainAsync("sam", CancellationToken.None);

        Assert.Equal(4, jane.Signals.Count);
        var offer = Assert.Single(jane.Signals, s => s.Outcome.StartsWith("offer: aurora-friends/of_", StringComparison.Ordinal));
        Assert.Contains(offer.Lines, l => l.StartsWith("aurora-friends at aurora: issued: issued as of_", StringComparison.Ordinal));
        var refused = Assert.Single(sam.Signals, s => s.Outcome == "no offer: consent");
        Assert.Contains(refused.Lines, l => l.Contains("no consent to offers on record", StringComparison.Ordinal));
    }
}
