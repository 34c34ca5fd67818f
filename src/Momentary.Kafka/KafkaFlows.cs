using Akka;
using Akka.Streams.Dsl;
using Confluent.Kafka;
using Momentary.Core.Messaging;
using Momentary.Kafka.Producing;
using Momentary.Kafka.Telemetry;

namespace Momentary.Kafka;

/// <summary>Flows that produce to Kafka.</summary>
public static class KafkaFlows
{
    /// <summary>
    /// Produces every record of each envelope and emits its pass-through once all are acknowledged, in input
    /// order. Retriable errors are retried by the client up to <see cref="KafkaProducerSettings.DeliveryTimeout"/>;
    /// anything that still fails, and any fatal error, fails the stream with a <see cref="ProduceException{TKey, TValue}"/>
    /// rather than dropping a record.
    /// </summary>
    public static Flow<ProducerEnvelope<TPass>, TPass, NotUsed> Produce<TPass>(KafkaProducerSettings settings, IProducer<byte[]?, byte[]> producer)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(producer);
        return Flow.Create<ProducerEnvelope<TPass>>().SelectAsync(settings.MaxInFlightPerPartition, envelope => ProduceAllAsync(producer, envelope));
    }

    private static Task<TPass> ProduceAllAsync<TPass>(IProducer<byte[]?, byte[]> producer, ProducerEnvelope<TPass> envelope)
    {
        var records = envelope.Records;
        if (records.Count == 0)
        {
            return Task.FromResult(envelope.PassThrough); // "no offer": nothing to wait for
        }

        // Callback-based produce: one completion per envelope, set from librdkafka's delivery-report thread,
        // instead of a Task per record (ProduceAsync) — measurably cheaper on the hot path.
        var completion = new EnvelopeCompletion<TPass>(envelope.PassThrough, records.Count, records);
        var handler = completion.Handler;
        var traced = KafkaTelemetry.ActivitySource.HasListeners();
        for (var i = 0; i < records.Count; i++)
        {
            try
            {
                // A traced record gets a send span, which the record's traceparent then names (messaging conventions).
                if (traced && KafkaTelemetry.StartSend(records[i]) is { } send)
                {
                    producer.Produce(AnyPartitionOf(records[i].Topic), ToMessage(records[i], send), report =>
                    {
                        KafkaTelemetry.EndSend(send, report);
                        completion.OnDelivery(report);
                    });
                }
                else
                {
                    producer.Produce(AnyPartitionOf(records[i].Topic), ToMessage(records[i]), handler);
                }
            }
            catch (ProduceException<byte[]?, byte[]> ex)
            {
                completion.Fail(ex);
                break;
            }
        }

        return completion.Task;
    }

    // Producing to a topic name makes the client build a TopicPartition (partition "any") per record; the few topics
    // a graph produces to get one each, once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, TopicPartition> AnyPartition = new(StringComparer.Ordinal);

    private static TopicPartition AnyPartitionOf(string topic) =>
        AnyPartition.TryGetValue(topic, out var any) ? any : AnyPartition.GetOrAdd(topic, static t => new TopicPartition(t, Partition.Any));

    internal static Message<byte[]?, byte[]> ToMessage(OutboundRecord record, System.Diagnostics.Activity? send = null)
    {
        Headers? headers = null;
        if (record.Headers.Count > 0)
        {
            headers = [];
            foreach (var h in record.Headers)
            {
                headers.Add(h.Key, send is not null && h.Key == "traceparent" ? System.Text.Encoding.ASCII.GetBytes(send.Id!) : h.Value);
            }
        }

        return new Message<byte[]?, byte[]>
        {
            Key = record.Key is null ? null : System.Text.Encoding.UTF8.GetBytes(record.Key),
            Value = record.Value,
            Headers = headers,
        };
    }
}
