using Confluent.Kafka;
using Momentary.Core.Messaging;
using Momentary.LoadTests.PassThrough;
using Momentary.Pipeline.Processing;

namespace Momentary.LoadTests.Peers;

/// <summary>
/// Peer (b) of <c>peers</c>: the consumer loop most .NET teams write, as Confluent's docs show it. One consumer, one
/// record at a time: read the customer's context from Redis, evaluate the rules, write the state, produce the offers,
/// store the offset when the produce is acknowledged (auto-commit, at least once). It runs the same processing code
/// as Momentary (decode, geofences, <c>RuleBook</c>, caps, <c>OfferFactory</c>), so offers are the same by id, over
/// the Redis store directly: no partition-affine cache, no write-behind, no batching, one await per Redis call.
/// </summary>
internal static class PlainConsumerLoop
{
    public static Task RunAsync(string bootstrap, string topic, SignalProcessor processor, CancellationToken ct) => Task.Factory.StartNew(async () =>
    {
        using var consumer = new ConsumerBuilder<string?, byte[]>(PassThroughBench.ConsumerConfig(bootstrap, "plain-" + topic)).Build();
        using var producer = new ProducerBuilder<string?, byte[]>(PassThroughBench.ProducerConfig(bootstrap)).Build();
        consumer.Subscribe(topic);
        while (!ct.IsCancellationRequested)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(50));
            if (r?.Message is null)
            {
                continue;
            }

            var record = new InboundRecord(r.Topic, r.Partition.Value, r.Offset.Value, r.Message.Key, r.Message.Value, r.Message.Timestamp.UtcDateTime);
            var outcome = await processor.ProcessAsync(record, ct).ConfigureAwait(false);
            var next = new TopicPartitionOffset(r.TopicPartition, r.Offset + 1);
            if (outcome.Outbound.Count == 0)
            {
                consumer.StoreOffset(next);
                continue;
            }

            foreach (var outbound in outcome.Outbound)
            {
                producer.Produce(outbound.Topic, new Message<string?, byte[]> { Key = outbound.Key, Value = outbound.Value }, report =>
                {
                    if (report.Error.Code == ErrorCode.NoError)
                    {
                        try
                        {
                            consumer.StoreOffset(next);
                        }
                        catch (KafkaException)
                        {
                        }
                    }
                });
            }
        }

        producer.Flush(TimeSpan.FromSeconds(10));
        consumer.Close();
    }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap();
}
