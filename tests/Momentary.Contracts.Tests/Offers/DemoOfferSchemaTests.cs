using System.Text.Json;
using Momentary.Contracts.Tests.Support;
using Momentary.Core.Context;
using Momentary.Core.Offers;
using Momentary.Core.Signals;
using Momentary.Host.Demo;
using Momentary.Host.Engine;
using Momentary.Pipeline.Processing;
using Momentary.Testing;
using Momentary.Testing.Demo;
using Momentary.Testing.Kafka;
using Momentary.Testing.Traits;
using Xunit.Abstractions;

namespace Momentary.Contracts.Tests.Offers;

/// <summary>
/// The offers <c>momentary demo</c> produces pass offer.v1, payload and headers, as read back from the offer topic: the demo's
/// mall, rules, people and walks (DemoScenario) through the engine and the Kafka protocol, as DemoRunner runs them.
/// </summary>
[Trait(Needs.Trait, Needs.Kafka)]
public sealed class DemoOfferSchemaTests(KafkaTestCluster cluster, ITestOutputHelper output) : IClassFixture<KafkaTestCluster>
{
    [Fact]
    public async Task Demo_OfferRecordsReadFromTheOfferTopic_PassTheOfferSchemaWithTheirHeaders()
    {
        var signals = KafkaTestCluster.UniqueName("demo-signals");
        var pipeline = new PipelineSettings { OfferTopic = KafkaTestCluster.UniqueName("demo-offers"), DeadLetterTopic = KafkaTestCluster.UniqueName("demo-dlq"), ControlTopic = KafkaTestCluster.UniqueName("demo-control") };
        foreach (var topic in new[] { signals, pipeline.OfferTopic, pipeline.DeadLetterTopic, pipeline.ControlTopic })
        {
            cluster.CreateTopic(topic, 2);
        }

        var now = TimeProvider.System.GetUtcNow();
        var world = new DemoWorld(new InMemoryContextStore(), TimeProvider.System, pipeline);
        await DemoScenario.SeedAsync(world.Store, now, CancellationToken.None);
        var walks = DemoScenario.Walkers.SelectMany(p => DemoScenario.Walk(p.CustomerId, now.AddMinutes(-1))).ToList();
        cluster.Produce(signals, walks.Select(s => (s.CustomerId, SignalCodec.Encode(s))));

        var engine = MomentaryEngine.Start(EngineSettingsFactory.Embedded(cluster.BootstrapServers, KafkaTestCluster.UniqueName("demo-group"), [signals], pipeline), world.Processor);
        var expected = DemoScenario.Walkers.Count(p => p.ExpectOffer);
        var records = await Task.Run(() => cluster.ReadAll(pipeline.OfferTopic, expected, TimeSpan.FromSeconds(60)));
        Assert.True(await Eventually.TrueAsync(() => world.Processor.Processed >= walks.Count, TimeSpan.FromSeconds(30)), $"processed {world.Processor.Processed} of {walks.Count}");
        await engine.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        await engine.DisposeAsync();

        Assert.Equal(expected, records.Count);
        foreach (var record in records)
        {
            using var value = JsonDocument.Parse(record.Message.Value);
            var payload = ContractSchemas.Evaluate(ContractSchemas.Offer, value.RootElement, formats: true);
            Assert.True(payload.IsValid, ContractSchemas.Errors(payload));
            var headers = ContractSchemas.Headers(record.Message.Headers.Select(h => (h.Key, h.GetValueBytes())));
            var headerResult = ContractSchemas.Evaluate(ContractSchemas.OfferHeaders, headers);
            Assert.True(headerResult.IsValid, $"headers: {headers.GetRawText()}\n{ContractSchemas.Errors(headerResult)}");
            Assert.Equal(record.Message.Key, OfferCodec.Decode(record.Message.Value).CustomerId);
        }

        Assert.Equal(DemoScenario.Walkers.Where(p => p.ExpectOffer).Select(p => p.CustomerId).Order(StringComparer.Ordinal), records.Select(r => r.Message.Key).Order(StringComparer.Ordinal));
        output.WriteLine($"momentary demo's world through the engine over Kafka: {walks.Count} signals, {records.Count} offer record(s) read from the offer topic, payloads and headers valid");
    }
}
