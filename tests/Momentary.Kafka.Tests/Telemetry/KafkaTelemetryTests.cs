using System.Text;
using Akka.Streams;
using Akka.Streams.Dsl;
using Confluent.Kafka;
using Momentary.Core.Messaging;
using Momentary.Kafka.Telemetry;
using Momentary.Kafka.Tests.Support;
using Momentary.Testing;
using Momentary.Testing.Kafka;
using Momentary.Testing.Telemetry;

namespace Momentary.Kafka.Tests.Telemetry;

/// <summary>The Kafka adapter's metrics as OpenTelemetry exports them; every assertion filters on this test's own topic.</summary>
[Collection(KafkaClusterCollection.Name)]
public sealed class KafkaTelemetryTests(KafkaTestCluster cluster)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Consumer_RecordsNotProcessed_ReportsLagPerPartitionConsumedCountAndAssignment()
    {
        var topic = KafkaTestCluster.UniqueName("lag");
        var group = KafkaTestCluster.UniqueName("g");
        cluster.CreateTopic(topic, 1);
        cluster.Produce(topic, Enumerable.Range(0, 5).Select(i => ("k", new[] { (byte)i })));

        // The group committed 2 of 5 records earlier; this consumer reads the rest but its stream never takes them.
        using (var committer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = cluster.BootstrapServers, GroupId = group }).Build())
        {
            committer.Commit([new TopicPartitionOffset(topic, 0, 2)]);
        }

        using var capture = new TelemetryCapture([KafkaTelemetry.Name], [KafkaTelemetry.Name]);
        using var system = Akka.Actor.ActorSystem.Create("lag", "akka.loglevel = WARNING");
        var settings = new KafkaConsumerSettings { BootstrapServers = cluster.BootstrapServers, GroupId = group, SessionTimeout = cluster.SessionTimeout, StatisticsInterval = TimeSpan.FromMilliseconds(200) };
        var (control, tasks) = KafkaSource.CommittableTaskBatches(settings, [topic], maxBatch: 16).PreMaterialize(system.Materializer());
        _ = tasks.RunWith(Sink.Ignore<(int, Source<CommittableBatch, Akka.NotUsed>)>(), system.Materializer());

        IReadOnlyList<ExportedPoint> Of(string name, string unit) => [.. capture.Points(name, unit).Where(p => p.Tag("messaging.destination.name") == topic)];
        Assert.True(await Eventually.TrueAsync(() => Of("momentary.kafka.consumer.lag", "{message}") is [{ Value: 3 }], Limit), "lag 3 on partition 0");
        var lag = Assert.Single(Of("momentary.kafka.consumer.lag", "{message}"));
        Assert.Equal("0", lag.Tag("messaging.destination.partition.id"));
        Assert.Equal(group, lag.Tag("messaging.consumer.group.name"));
        Assert.Equal("kafka", lag.Tag("messaging.system"));

        var consumed = Assert.Single(Of("messaging.client.consumed.messages", "{message}"));
        Assert.Equal(3, consumed.Value);
        Assert.Contains(capture.Points("momentary.kafka.consumer.lane_buffers", "By"), p => p.Value >= 64 * 1024); // a chunk held the 3 records
        Assert.Contains(capture.Points("momentary.kafka.consumer.rebalances", "{event}"), p => p.Tag("event") == "assigned" && p.Value >= 1);

        using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await control.DrainAndShutdownAsync(bound.Token);
        Assert.Empty(Of("momentary.kafka.consumer.lag", "{message}")); // a closed consumer reports nothing
    }

    [Fact]
    public async Task Produce_OfferWithLatencyOrigin_CountsSentAndMeasuresEndToEndInSeconds()
    {
        var topic = KafkaTestCluster.UniqueName("sent");
        cluster.CreateTopic(topic, 1);
        using var capture = new TelemetryCapture([KafkaTelemetry.Name], [KafkaTelemetry.Name]);
        var settings = new KafkaProducerSettings { BootstrapServers = cluster.BootstrapServers };
        using var producer = settings.CreateProducer();
        using var system = Akka.Actor.ActorSystem.Create("sent", "akka.loglevel = WARNING");
        var origin = DateTimeOffset.UtcNow.AddMilliseconds(-250);
        var offer = new OutboundRecord(topic, "k", [1], []) { LatencyOrigin = origin };
        var deadLetter = new OutboundRecord(topic, "k", [2], []);
        await Source.Single(new ProducerEnvelope<int>([offer, deadLetter], 1))
            .Via(KafkaFlows.Produce<int>(settings, producer))
            .RunWith(Sink.First<int>(), system.Materializer());

        var sent = Assert.Single(capture.Points("messaging.client.sent.messages", "{message}"), p => p.Tag("messaging.destination.name") == topic);
        Assert.Equal(2, sent.Value);
        var latency = Assert.Single(capture.Points("momentary.offer.latency", "s"), p => p.Tag("messaging.destination.name") == topic);
        Assert.Equal(1, latency.Count); // the offer only: a record without an origin is not measured
        Assert.InRange(latency.Value, 0.25, 30);
        Assert.Equal(0.0005, latency.Bounds[0]);
        Assert.Equal(10, latency.Bounds[^1]);
    }

    [Fact]
    public void Statistics_LibrdkafkaJson_YieldsTheLagOfFetchedPartitionsOnly()
    {
        const string json = """
            {"name":"c#consumer-1","type":"consumer","topics":{"t":{"topic":"t","partitions":{
              "0":{"partition":0,"fetch_state":"active","consumer_lag":7},
              "1":{"partition":1,"fetch_state":"none","consumer_lag":4},
              "2":{"partition":2,"fetch_state":"active","consumer_lag":-1},
              "-1":{"partition":-1,"fetch_state":"none","consumer_lag":-1}}}}}
            """;

        Assert.Equal([new PartitionLag("t", 0, 7)], ConsumerStatistics.Lags(json));
        Assert.Empty(ConsumerStatistics.Lags("{not json"));
    }
}
