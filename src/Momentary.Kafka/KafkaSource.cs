using Akka;
using Akka.Streams.Dsl;
using Confluent.Kafka;
using Momentary.Kafka.Consuming;

namespace Momentary.Kafka;

/// <summary>Sources over Kafka topics.</summary>
public static class KafkaSource
{
    /// <summary>
    /// One sub-source per assigned partition, emitted as partitions are assigned; each completes when its
    /// partition is revoked or the source drains. Order holds within a sub-source (so per customer). Materialize
    /// once: the materialized control drains and shuts the consumer down.
    /// </summary>
    public static Source<(TopicPartition Partition, Source<CommittableRecord, NotUsed> Records), IDrainingControl> CommittablePartitioned(KafkaConsumerSettings settings, IReadOnlyCollection<string> topics)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(topics);
        return Source.Lazily(() =>
            {
                var consumer = new PartitionedConsumer(settings, topics);
                consumer.Start();
                return ChannelSource.FromReader(consumer.Partitions).MapMaterializedValue(_ => (IDrainingControl)consumer);
            })
            .MapMaterializedValue(task => (IDrainingControl)new DeferredControl(task));
    }
}
