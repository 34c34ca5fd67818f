using Akka.Streams.Dsl;
using Confluent.Kafka;

namespace Momentary.Kafka;

/// <summary>Sinks that commit consumed offsets.</summary>
public static class KafkaCommitter
{
    /// <summary>
    /// Stores each partition's highest completed offset with its consumer, batched by count and time; the
    /// consumer commits stored offsets in the background. Elements must arrive in order per task (as the graph
    /// guarantees), so the highest offset never skips unfinished work. Offsets of a task that has been revoked and
    /// released are not stored: its partitions' next owner processes that work again. With
    /// <see cref="CommitterSettings.BeforeStore"/>, each group waits for it before it is stored.
    /// </summary>
    public static Sink<CommittableOffset, Task> Sink(CommitterSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var groups = Flow.Create<CommittableOffset>().GroupedWithin(settings.MaxBatch, settings.MaxInterval);
        if (settings.BeforeStore is { } beforeStore)
        {
            groups = groups.SelectAsync(1, async group =>
            {
                await beforeStore(CancellationToken.None).ConfigureAwait(false);
                return group;
            });
        }

        return groups
            .ToMaterialized(Akka.Streams.Dsl.Sink.ForEach<IEnumerable<CommittableOffset>>(StoreBatch), Keep.Right)
            .MapMaterializedValue(done => (Task)done);
    }

    private static void StoreBatch(IEnumerable<CommittableOffset> batch)
    {
        var byTask = new Dictionary<Consuming.ConsumerTask, (List<TopicPartitionOffset> Highest, int Count)>();
        foreach (var offset in batch)
        {
            offset.ReleaseValues(); // the work is done: nothing reads its records' values any more
            if (!byTask.TryGetValue(offset.Owner, out var done))
            {
                done = ([], 0);
            }

            foreach (var position in offset.Positions)
            {
                var at = done.Highest.FindIndex(p => p.TopicPartition == position.TopicPartition);
                if (at < 0)
                {
                    done.Highest.Add(position);
                }
                else if (position.Offset.Value > done.Highest[at].Offset.Value)
                {
                    done.Highest[at] = position;
                }
            }

            byTask[offset.Owner] = (done.Highest, done.Count + offset.Count);
        }

        foreach (var (task, (highest, count)) in byTask)
        {
            task.Complete(highest, count);
        }
    }
}
