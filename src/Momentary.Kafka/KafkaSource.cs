using Akka;
using Akka.Streams.Dsl;
using Momentary.Kafka.Consuming;

namespace Momentary.Kafka;

/// <summary>Sources over Kafka topics.</summary>
public static class KafkaSource
{
    /// <summary>
    /// Bytes this process's consumers have allocated for their lanes' buffers (the chunks holding records' bytes and
    /// the rings indexing them): allocated on a consumer's first backlog as deep as the pause threshold and reused for
    /// every later one, rebalances included. Also the <c>momentary.kafka.consumer.lane_buffers</c> metric.
    /// </summary>
    public static long LaneBufferBytes => LanePool.AllocatedBytes;

    /// <summary>
    /// One sub-source per assigned task, emitted as tasks are assigned: a task is a partition number N and owns partition
    /// N of every topic in <paramref name="topics"/> (which must be co-partitioned: equal partition counts, same key →
    /// same partition), as in Kafka Streams. Each sub-source completes when its task is revoked or the source drains.
    /// Each element is what the task's buffers held when it was pulled, merged in record-timestamp order, up to
    /// <paramref name="maxBatch"/> records, with one offset committing them all: an idle task yields batches of one, a
    /// busy one full batches, so a stream pays its per-element costs once per batch exactly when it is busy. Order
    /// holds within a sub-source (so per customer, whatever topic a record came on), and every record carries the
    /// task's ownership epoch (<see cref="KafkaConsumerSettings.ClaimEpoch"/>). Materialize once: the materialized
    /// control drains and shuts the consumer down.
    /// </summary>
    public static Source<(int Task, Source<CommittableBatch, NotUsed> Batches), IDrainingControl> CommittableTaskBatches(KafkaConsumerSettings settings, IReadOnlyCollection<string> topics, int maxBatch)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(topics);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        return Source.Lazily(() =>
            {
                var consumer = new TaskConsumer(settings, topics, maxBatch);
                consumer.Start();
                return ChannelSource.FromReader(consumer.Tasks).MapMaterializedValue(_ => (IDrainingControl)consumer);
            })
            .MapMaterializedValue(task => (IDrainingControl)new DeferredControl(task));
    }

    /// <summary>
    /// The same task source one record at a time, each with its own committable offset, for consumers that commit
    /// record by record.
    /// </summary>
    public static Source<(int Task, Source<CommittableRecord, NotUsed> Records), IDrainingControl> CommittableTasks(KafkaConsumerSettings settings, IReadOnlyCollection<string> topics) =>
        CommittableTaskBatches(settings, topics, maxBatch: 1)
            .Select(p => (p.Task, p.Batches.Select(b => new CommittableRecord(b.Records[0], b.Offset))));
}
