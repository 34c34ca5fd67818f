using Momentary.Testing.Traits;
using Momentary.Testing;
using System.Diagnostics;
using System.Text;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Momentary.Core.Offers;
using Momentary.Core.Signals;
using Momentary.Host.Demo;
using Momentary.Host.Engine;
using Momentary.Kafka;
using Momentary.Pipeline.Graph;
using Momentary.Pipeline.Processing;
using Momentary.Host.Tests.Support;
using Momentary.Testing.Demo;
using Momentary.Testing.Kafka;
using Momentary.Testing.Redis;

namespace Momentary.Host.Tests.EndToEnd;

/// <summary>Delivery through the real engine, Kafka protocol and Redis store.</summary>
[Collection(RedisServerCollection.Name)]
[Trait(Needs.Trait, Needs.Redis)]
[Trait(Needs.Trait, Needs.Kafka)]
public sealed class EngineDeliveryTests(RedisServerFixture redis, KafkaTestCluster cluster) : IClassFixture<KafkaTestCluster>
{
    private KafkaTestCluster Cluster => cluster;

    [Fact]
    public async Task Engine_CrashBetweenProduceAndCommit_ReprocessesAndReEmitsTheIdenticalOffer()
    {
        var (topics, group) = Topics("crash");
        using var store = redis.CreateStore();
        var world = new DemoWorld(store, TimeProvider.System, topics.Pipeline);
        await DemoScenario.SeedAsync(store, DateTimeOffset.UtcNow, CancellationToken.None);
        ProduceWalk(topics.Signals, "jane");

        // First owner: processes and produces, but dies before any offset is committed (offsets never stored).
        using (var system = ActorSystem.Create("crash", "akka.loglevel = WARNING"))
        {
            var settings = EngineSettingsFactory.Embedded(Cluster.BootstrapServers, group, [topics.Signals], topics.Pipeline);
            using var producer = settings.Producer.CreateProducer();
            var (control, partitions) = KafkaSource.CommittableTasks(settings.Consumer, [topics.Signals]).PreMaterialize(system.Materializer());
            _ = partitions.MergeMany(8, p => p.Records.Select(r => (r.Record, r.Offset))
                    .Via(SignalGraph.Create<CommittableOffset>(world.Processor, topics.Pipeline))
                    .Select(x => new ProducerEnvelope<CommittableOffset>(x.Outcome.Outbound, x.Context))
                    .Via(KafkaFlows.Produce<CommittableOffset>(settings.Producer, producer)))
                .RunWith(Sink.Ignore<CommittableOffset>(), system.Materializer());
            Assert.Single(await ReadOffers(topics.Pipeline.OfferTopic, 1));
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(1));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => control.DrainAndShutdownAsync(bound.Token));
            await control.Closed.WaitAsync(TimeSpan.FromSeconds(10));
        }

        Assert.All(Cluster.Committed(group, topics.Signals, 2).Values, offset => Assert.True(offset < 0, "nothing may be committed"));

        // Next owner: same group, same store (whose state already holds the first owner's writes).
        var engine = MomentaryEngine.Start(EngineSettingsFactory.Embedded(Cluster.BootstrapServers, group, [topics.Signals], topics.Pipeline), world.Processor);
        var offers = await ReadOffers(topics.Pipeline.OfferTopic, 2);
        await engine.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        await engine.DisposeAsync();

        Assert.Equal(2, offers.Count);
        Assert.Equal(offers[0], offers[1]); // same offerId, issuedAt, expiry: byte-identical
        Assert.Equal("jane", OfferCodec.Decode(offers[0]).CustomerId);
        Assert.Equal(4, Cluster.Committed(group, topics.Signals, 2).Values.Where(o => o > 0).Sum());
    }

    [Fact]
    public async Task Engine_MalformedSignal_IsDeadLetteredWithHeadersAndItsOffsetCommitted()
    {
        var (topics, group) = Topics("dead");
        using var store = redis.CreateStore();
        var world = new DemoWorld(store, TimeProvider.System, topics.Pipeline);
        var good = new WearableReading { Id = "w1", CustomerId = "jane", Timestamp = DateTimeOffset.UtcNow, Steps = 100 };
        Cluster.Produce(topics.Signals, [("jane", Encoding.UTF8.GetBytes("{\"kind\":\"location\",\"id\":")), ("jane", SignalCodec.Encode(good))]);

        var engine = MomentaryEngine.Start(EngineSettingsFactory.Embedded(Cluster.BootstrapServers, group, [topics.Signals], topics.Pipeline), world.Processor);
        var letters = Cluster.ReadAll(topics.Pipeline.DeadLetterTopic, 1, TimeSpan.FromSeconds(20));
        await Eventually.HoldsAsync(() => world.Processor.Processed >= 2, TimeSpan.FromSeconds(20));
        await engine.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        await engine.DisposeAsync();

        var letter = Assert.Single(letters);
        Assert.Equal("jane", letter.Message.Key);
        string Header(string key) => Encoding.UTF8.GetString(letter.Message.Headers.GetLastBytes(key));
        Assert.Equal("malformed-json", Header(DeadLetters.ErrorKindHeader));
        Assert.Equal(topics.Signals, Header(DeadLetters.SourceTopicHeader));
        Assert.Equal("0", Header(DeadLetters.SourceOffsetHeader));
        Assert.True(DateTimeOffset.TryParse(Header(DeadLetters.DeadLetteredAtHeader), System.Globalization.CultureInfo.InvariantCulture, out _));
        Assert.Equal(2, Cluster.Committed(group, topics.Signals, 1)[0]);
    }

    private (TestTopics Topics, string Group) Topics(string name)
    {
        var topics = new TestTopics(KafkaTestCluster.UniqueName(name + "-signals"), new PipelineSettings { OfferTopic = KafkaTestCluster.UniqueName(name + "-offers"), DeadLetterTopic = KafkaTestCluster.UniqueName(name + "-dlq") });
        Cluster.CreateTopic(topics.Signals, name == "dead" ? 1 : 2);
        Cluster.CreateTopic(topics.Pipeline.OfferTopic, 2);
        Cluster.CreateTopic(topics.Pipeline.DeadLetterTopic, 1);
        return (topics, KafkaTestCluster.UniqueName(name + "-group"));
    }

    private void ProduceWalk(string topic, string customer) =>
        Cluster.Produce(topic, DemoScenario.Walk(customer, DateTimeOffset.UtcNow.AddMinutes(-1)).Select(p => (p.CustomerId, SignalCodec.Encode(p))));

    private Task<List<byte[]>> ReadOffers(string topic, int expected) =>
        Task.Run(() => Cluster.ReadAll(topic, expected, TimeSpan.FromSeconds(30)).Select(r => r.Message.Value).ToList());

    private sealed record TestTopics(string Signals, PipelineSettings Pipeline);
}
