using Momentary.Testing.Traits;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Confluent.Kafka;
using Momentary.Core.Messaging;
using Momentary.Kafka.Embedded;

namespace Momentary.Kafka.Tests.Producing;

[Trait(Needs.Trait, Needs.Kafka)]
public sealed class KafkaFlowsTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("produce-tests", "akka.loglevel = OFF");

    [Fact]
    public async Task Produce_should_fail_the_stream_loudly_when_a_record_cannot_be_delivered()
    {
        string bootstrap;
        using (var cluster = MockKafkaCluster.Start(1))
        {
            bootstrap = cluster.BootstrapServers;
        }

        // The brokers are gone: librdkafka retries until the delivery timeout, then reports the failure.
        var settings = new KafkaProducerSettings { BootstrapServers = bootstrap, DeliveryTimeout = TimeSpan.FromSeconds(1) };
        using var producer = settings.CreateProducer();
        var envelope = new ProducerEnvelope<int>([new OutboundRecord("offers", "jane", [1], [])], 7);

        var run = Source.Single(envelope).Via(KafkaFlows.Produce<int>(settings, producer)).RunWith(Sink.Seq<int>(), _system.Materializer());

        var error = await Assert.ThrowsAsync<ProduceException<byte[]?, byte[]>>(() => run.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.NotEqual(ErrorCode.NoError, error.Error.Code);
    }

    [Fact]
    public async Task Produce_should_pass_an_envelope_without_records_straight_through()
    {
        var settings = new KafkaProducerSettings { BootstrapServers = "127.0.0.1:1" };
        using var producer = settings.CreateProducer();

        var passed = await Source.From([1, 2, 3]).Select(i => new ProducerEnvelope<int>([], i))
            .Via(KafkaFlows.Produce<int>(settings, producer))
            .RunWith(Sink.Seq<int>(), _system.Materializer())
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal([1, 2, 3], passed);
    }

    public void Dispose() => _system.Dispose();
}
