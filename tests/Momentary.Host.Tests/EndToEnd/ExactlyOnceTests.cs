using Momentary.Testing.Traits;
using Confluent.Kafka;
using Momentary.Core.Offers;
using Momentary.Core.Signals;
using Momentary.Host.Demo;
using Momentary.Host.Engine;
using Momentary.Pipeline.Processing;
using Momentary.Host.Tests.Support;
using Momentary.Testing.Demo;
using Momentary.Testing.Kafka;
using Momentary.Testing.Redis;

namespace Momentary.Host.Tests.EndToEnd;

/// <summary>Exactly-once mode: offers and consumed offsets in one Kafka transaction.</summary>
[Collection(RedisServerCollection.Name)]
[Trait(Needs.Trait, Needs.Redis)]
[Trait(Needs.Trait, Needs.Kafka)]
public sealed class ExactlyOnceTests(RedisServerFixture redis, KafkaTestCluster cluster) : IClassFixture<KafkaTestCluster>
{
    [Fact]
    public async Task ExactlyOnceMode_JanesWalk_IsDeliveredThroughTransactions()
    {
        // Runs everywhere: on the mock it shows the transactional path (begin, produce, send offsets, commit)
        // works end to end; the isolation itself is only provable on a real broker (next test).
        var (signals, pipeline, group) = Topics("eos-smoke");
        using var store = redis.CreateStore();
        var world = new DemoWorld(store, TimeProvider.System, pipeline);
        await DemoScenario.SeedAsync(store, DateTimeOffset.UtcNow, CancellationToken.None);
        cluster.Produce(signals, DemoScenario.Walk("jane", DateTimeOffset.UtcNow.AddMinutes(-1)).Select(p => (p.CustomerId, SignalCodec.Encode(p))));

        var engine = MomentaryEngine.Start(Transactional(signals, pipeline, group), world.Processor);
        var offers = await Task.Run(() => cluster.ReadAll(pipeline.OfferTopic, 1, TimeSpan.FromSeconds(30)));
        await engine.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        await engine.DisposeAsync();

        Assert.Equal("jane", OfferCodec.Decode(Assert.Single(offers).Message.Value).CustomerId);
        Assert.False(engine.Completion.IsFaulted);
    }

    [RealKafkaFact]
    public async Task ExactlyOnceMode_AbortedTransaction_ReadCommittedConsumerSeesNoDuplicate()
    {
        var (signals, pipeline, group) = Topics("eos");
        using var store = redis.CreateStore();
        var world = new DemoWorld(store, TimeProvider.System, pipeline);
        await DemoScenario.SeedAsync(store, DateTimeOffset.UtcNow, CancellationToken.None);
        cluster.Produce(signals, DemoScenario.Walk("jane", DateTimeOffset.UtcNow.AddMinutes(-1)).Select(p => (p.CustomerId, SignalCodec.Encode(p))));

        // A crashed attempt: an offer written inside a transaction that never commits.
        using (var zombie = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, TransactionalId = "zombie-" + group }).Build())
        {
            zombie.InitTransactions(TimeSpan.FromSeconds(30));
            zombie.BeginTransaction();
            await zombie.ProduceAsync(pipeline.OfferTopic, new Message<string, byte[]> { Key = "jane", Value = "{\"aborted\":true}"u8.ToArray() });
            zombie.AbortTransaction(TimeSpan.FromSeconds(30));
        }

        var engine = MomentaryEngine.Start(Transactional(signals, pipeline, group), world.Processor);
        var committed = await Task.Run(() => ReadAll(pipeline.OfferTopic, IsolationLevel.ReadCommitted, expected: 2, TimeSpan.FromSeconds(20)));
        await engine.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        await engine.DisposeAsync();

        Assert.Equal("jane", OfferCodec.Decode(Assert.Single(committed)).CustomerId);
        Assert.Equal(2, ReadAll(pipeline.OfferTopic, IsolationLevel.ReadUncommitted, expected: 2, TimeSpan.FromSeconds(10)).Count); // the aborted one exists
        Assert.Equal(4, cluster.Committed(group, signals, 2).Values.Where(o => o > 0).Sum()); // offsets committed in the transactions
    }

    private EngineSettings Transactional(string signals, PipelineSettings pipeline, string group)
    {
        var settings = EngineSettingsFactory.Embedded(cluster.BootstrapServers, group, [signals], pipeline);
        return settings with { Producer = settings.Producer with { TransactionalId = "momentary-test-" + group } };
    }

    private (string Signals, PipelineSettings Pipeline, string Group) Topics(string name)
    {
        var signals = KafkaTestCluster.UniqueName(name + "-signals");
        var pipeline = new PipelineSettings { OfferTopic = KafkaTestCluster.UniqueName(name + "-offers"), DeadLetterTopic = KafkaTestCluster.UniqueName(name + "-dlq") };
        cluster.CreateTopic(signals, 2);
        cluster.CreateTopic(pipeline.OfferTopic, 2);
        cluster.CreateTopic(pipeline.DeadLetterTopic, 1);
        return (signals, pipeline, KafkaTestCluster.UniqueName(name + "-group"));
    }

    private List<byte[]> ReadAll(string topic, IsolationLevel isolation, int expected, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = cluster.BootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            IsolationLevel = isolation,
            EnableAutoCommit = false,
        }).Build();
        consumer.Subscribe(topic);
        var values = new List<byte[]>();
        var deadline = DateTime.UtcNow + timeout;
        while (values.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(200)) is { Message: not null } r)
            {
                values.Add(r.Message.Value);
            }
        }

        consumer.Close();
        return values;
    }
}
