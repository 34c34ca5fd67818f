using Confluent.Kafka;
using Momentary.Kafka.Consuming;

namespace Momentary.Kafka;

/// <summary>The position of one consumed record, committable through the consumer that read it.</summary>
public sealed class CommittableOffset
{
    internal CommittableOffset(PartitionedConsumer owner, TopicPartitionOffset position)
    {
        Owner = owner;
        Position = position;
    }

    /// <summary>Topic, partition and offset of the record.</summary>
    public TopicPartitionOffset Position { get; }

    internal PartitionedConsumer Owner { get; }
}
