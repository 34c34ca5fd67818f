using Akka.Streams.Dsl;
using Confluent.Kafka;

namespace Momentary.Kafka;

/// <summary>Sinks that commit consumed offsets.</summary>
public static class KafkaCommitter
{
    /// <summary>
    /// Stores each partition's highest completed offset with its consumer, batched by count and time; the
    /// consumer commits stored offsets in the background. Elements must arrive in order per partition (as the
    /// graph guarantees), so the highest offset never skips unfinished work.
    /// </summary>
    public static Sink<CommittableOffset, Task> Sink(CommitterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return Flow.Create<CommittableOffset>()
            .GroupedWithin(settings.MaxBatch, settings.MaxInterval)
            .ToMaterialized(Akka.Streams.Dsl.Sink.ForEach<IEnumerable<CommittableOffset>>(StoreBatch), Keep.Right)
            .MapMaterializedValue(done => (Task)done);
    }

    private static void StoreBatch(IEnumerable<CommittableOffset> batch)
    {
        var highest = new Dictionary<(Consuming.PartitionedConsumer, TopicPartition), (CommittableOffset Offset, int Count)>();
        foreach (var offset in batch)
        {
            var key = (offset.Owner, offset.Position.TopicPartition);
            highest[key] = highest.TryGetValue(key, out var seen)
                ? (offset.Position.Offset.Value > seen.Offset.Position.Offset.Value ? offset : seen.Offset, seen.Count + offset.Count)
                : (offset, offset.Count);
        }

        foreach (var (offset, count) in highest.Values)
        {
            offset.Owner.Complete(offset.Position, count);
        }
    }
}
