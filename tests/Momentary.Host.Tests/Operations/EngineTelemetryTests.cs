using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Momentary.Core.Signals;
using Momentary.Host.Commands;
using Momentary.Host.Demo;
using Momentary.Host.Engine;
using Momentary.Host.Tests.Support;
using Momentary.Pipeline.Processing;
using Momentary.Redis.Resilience;
using Momentary.Testing;
using Momentary.Testing.Demo;
using Momentary.Testing.Kafka;
using Momentary.Testing.Redis;
using Momentary.Testing.Telemetry;

namespace Momentary.Host.Tests.Operations;

/// <summary>
/// The running engine's telemetry as OpenTelemetry exports it (the meters and sources <c>momentary run</c> registers),
/// through the real Kafka protocol and a real redis-server: a signal's trace reaches its offer, and every client and
/// pipeline metric is exported by name, unit and value.
/// </summary>
[Collection(TelemetryCollection.Name)]
public sealed class EngineTelemetryTests(RedisServerFixture redis, KafkaTestCluster cluster) : IClassFixture<KafkaTestCluster>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Engine_SignalsWithTraceParent_OfferCarriesTheTrace_SpansAndMetricsAreExported()
    {
        using var capture = new TelemetryCapture(RunCommand.Meters, RunCommand.ActivitySources);
        var signals = KafkaTestCluster.UniqueName("tel-signals");
        var pipeline = new PipelineSettings { OfferTopic = KafkaTestCluster.UniqueName("tel-offers"), DeadLetterTopic = KafkaTestCluster.UniqueName("tel-dlq") };
        cluster.CreateTopic(signals, 2);
        cluster.CreateTopic(pipeline.OfferTopic, 1);
        cluster.CreateTopic(pipeline.DeadLetterTopic, 1);
        using var redisStore = redis.CreateStore(KafkaTestCluster.UniqueName("tel") + ":");
        var store = new RetryingContextStore(redisStore, TimeProvider.System);
        var world = new DemoWorld(store, TimeProvider.System, pipeline);
        var now = DateTimeOffset.UtcNow;
        await DemoScenario.SeedAsync(store, now, CancellationToken.None);

        // Jane's walk, every ping in one trace; a customer nobody knows (no offer: no-profile); a malformed record.
        var traceId = ActivityTraceId.CreateRandom();
        var traceParent = $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";
        var nobody = new LocationPing { Id = "p-nobody", CustomerId = "nobody-" + Guid.NewGuid().ToString("N"), Timestamp = now, Latitude = 48.8596, Longitude = 2.3395 };
        // Explicit partitions, so both partitions get records and commits (a random id can hash to Jane's partition,
        // and a partition without a committed offset reports no lag).
        Produce(signals, [
            .. DemoScenario.Walk("jane", now.AddSeconds(-80)).Select(p => (0, p.CustomerId, SignalCodec.Encode(p), p.Timestamp, traceParent)),
            (1, nobody.CustomerId, SignalCodec.Encode(nobody), now, traceParent),
            (0, "jane", Encoding.UTF8.GetBytes("{\"kind\":\"location\",\"id\":"), now, traceParent),
        ]);

        var settings = EngineSettingsFactory.Embedded(cluster.BootstrapServers, KafkaTestCluster.UniqueName("tel-group"), [signals], pipeline);
        var engine = MomentaryEngine.Start(settings with { Consumer = settings.Consumer with { StatisticsInterval = TimeSpan.FromMilliseconds(200) } }, world.Processor);
        List<ConsumeResult<string, byte[]>> offers, letters;
        try
        {
            offers = await Task.Run(() => cluster.ReadAll(pipeline.OfferTopic, 1, Limit));
            letters = await Task.Run(() => cluster.ReadAll(pipeline.DeadLetterTopic, 1, Limit));
            Assert.True(await Eventually.TrueAsync(() => world.Processor.Processed >= 6, Limit), "all six records processed");

            // Committed, the lag of both partitions drops to zero (librdkafka statistics, every 200 ms here).
            Assert.True(await Eventually.TrueAsync(() => capture.Points("momentary.kafka.consumer.lag", "{message}").Where(p => p.Tag("messaging.destination.name") == signals) is { } lag && lag.Count() == 2 && lag.All(p => p.Value == 0), Limit), "lag 0 on both partitions");
        }
        finally
        {
            await engine.StopAsync(new CancellationTokenSource(Limit).Token);
            await engine.DisposeAsync();
        }

        // The trace: the offer names the producer's send span, a child of the signal's process span, in the signal's trace.
        var offer = offers[0];
        var offerTraceParent = Encoding.ASCII.GetString(offer.Message.Headers.GetLastBytes("traceparent"));
        Assert.StartsWith($"00-{traceId.ToHexString()}-", offerTraceParent, StringComparison.Ordinal);
        var spans = capture.Spans.Where(s => s.TraceId == traceId).ToList();
        var send = Assert.Single(spans, s => s.Kind == ActivityKind.Producer && s.Id == offerTraceParent);
        var process = Assert.Single(spans, s => s.SpanId == send.ParentSpanId);
        Assert.Equal(("process " + signals, ActivityKind.Consumer), (process.DisplayName, process.Kind));
        Assert.Equal(6, spans.Count(s => s.Kind == ActivityKind.Consumer)); // one per record, the malformed one too
        Assert.Contains(spans, s => s.DisplayName == "context load" && s.ParentSpanId == process.SpanId);

        // The dead letter keeps the original record's headers.
        Assert.Equal(traceParent, Encoding.ASCII.GetString(Assert.Single(letters).Message.Headers.GetLastBytes("traceparent")));

        // Metrics, by name, unit and value.
        ExportedPoint On(string name, string unit, string topic) => Assert.Single(capture.Points(name, unit), p => p.Tag("messaging.destination.name") == topic);
        Assert.Equal(6, capture.Points("messaging.client.consumed.messages", "{message}").Where(p => p.Tag("messaging.destination.name") == signals).Sum(p => p.Value));
        Assert.Equal(5, On("messaging.process.duration", "s", signals).Count);
        var sentOffers = On("messaging.client.sent.messages", "{message}", pipeline.OfferTopic).Value;
        Assert.InRange(sentOffers, 1, 4);
        Assert.Equal(1, On("messaging.client.sent.messages", "{message}", pipeline.DeadLetterTopic).Value);
        var latency = On("momentary.offer.latency", "s", pipeline.OfferTopic);
        Assert.Equal(sentOffers, latency.Count); // every offer measured, the dead letter not
        Assert.InRange(latency.Value, 20 * sentOffers, 80 + Limit.TotalSeconds); // from the records' timestamps, 20-80 s back
        Assert.Equal(1, Assert.Single(capture.Points("momentary.pipeline.no_offers", "{signal}"), p => p.Tag("reason") == "no-profile").Value);
        Assert.Contains(capture.Points("db.client.operation.duration", "s"), p => p.Tag("db.operation.name") == "load_context" && p.Count >= 5);
        Assert.Equal(0, Assert.Single(capture.Points("momentary.redis.degraded", "{store}")).Value);
        Assert.Contains(capture.Points("momentary.kafka.consumer.rebalances", "{event}"), p => p.Tag("event") == "assigned");
    }

    private void Produce(string topic, IEnumerable<(int Partition, string Key, byte[] Value, DateTimeOffset Timestamp, string TraceParent)> records)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers }).Build();
        foreach (var (partition, key, value, timestamp, traceParent) in records)
        {
            producer.Produce(new TopicPartition(topic, partition), new Message<string, byte[]>
            {
                Key = key,
                Value = value,
                Timestamp = new Timestamp(timestamp),
                Headers = [new Header("traceparent", Encoding.ASCII.GetBytes(traceParent))],
            });
        }

        producer.Flush(Limit);
    }
}
