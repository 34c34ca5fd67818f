using Confluent.Kafka;
using Momentary.Kafka.Consuming;

namespace Momentary.Kafka;

/// <summary>
/// The position of consumed work, committable through the task that handed it out. It stands for a batch of
/// <see cref="Count"/> records taken from one task — several partitions of the task's topics, merged — and holds the
/// highest offset taken from each partition, so a batch is committed and accounted for with one element.
/// </summary>
public sealed class CommittableOffset
{
    internal CommittableOffset(ConsumerTask owner, IReadOnlyList<TopicPartitionOffset> positions, int count)
    {
        Owner = owner;
        Positions = positions;
        Count = count;
    }

    /// <summary>Per partition, the offset of the last record covered.</summary>
    public IReadOnlyList<TopicPartitionOffset> Positions { get; }

    /// <summary>How many records, up to and including <see cref="Positions"/>, this offset completes.</summary>
    public int Count { get; }

    internal ConsumerTask Owner { get; }
}
