using Confluent.Kafka;
using Momentary.Kafka.Consuming;

namespace Momentary.Kafka;

/// <summary>
/// The position of a consumed record, committable through the consumer that read it. It can stand for a run of
/// <see cref="Count"/> consecutive records of its partition that ends at <see cref="Position"/> (a batch taken
/// from the partition's lane), so a batch is committed and accounted for with one element.
/// </summary>
public sealed class CommittableOffset
{
    internal CommittableOffset(PartitionedConsumer owner, TopicPartitionOffset position, int count = 1)
    {
        Owner = owner;
        Position = position;
        Count = count;
    }

    /// <summary>Topic, partition and offset of the (last) record.</summary>
    public TopicPartitionOffset Position { get; }

    /// <summary>How many records of the partition, up to and including <see cref="Position"/>, this offset completes.</summary>
    public int Count { get; }

    internal PartitionedConsumer Owner { get; }
}
