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
    /// partition is revoked or the source drains. Each element is what the partition's buffer held when it was
    /// pulled, up to <paramref name="maxBatch"/> records in offset order, with one offset committing them all: an idle
    /// partition yields batches of one, a busy one full batches, so a stream pays its per-element costs once per
    /// batch exactly when it is busy. Order holds within a sub-source (so per customer). Materialize once: the
    /// materialized control drains and shuts the consumer down.
    /// </summary>
    public static Source<(TopicPartition Partition, Source<CommittableBatch, NotUsed> Batches), IDrainingControl> CommittablePartitionedBatches(KafkaConsumerSettings settings, IReadOnlyCollection<string> topics, int maxBatch)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        return Source.Lazily(() =>
            {
                var consumer = new PartitionedConsumer(settings, topics, maxBatch);
                consumer.Start();
                return ChannelSource.FromReader(consumer.Partitions).MapMaterializedValue(_ => (IDrainingControl)consumer);
            })
            .MapMaterializedValue(task => (IDrainingControl)new DeferredControl(task));
    }

    /// <summary>
    /// The same partitioned source one record at a time, each with its own committable offset, for consumers that
    /// commit record by record.
    /// </summary>
    public static Source<(TopicPartition Partition, Source<CommittableRecord, NotUsed> Records), IDrainingControl> CommittablePartitioned(KafkaConsumerSettings settings, IReadOnlyCollection<string> topics) =>
        CommittablePartitionedBatches(settings, topics, maxBatch: 1)
            .Select(p => (p.Partition, p.Batches.Select(b => new CommittableRecord(b.Records[0], b.Offset))));
}
