using System.Threading.Channels;
using Confluent.Kafka;
using Momentary.Core.Messaging;

namespace Momentary.Kafka.Consuming;

/// <summary>One assigned partition's buffer between the poll thread and its sub-stream, plus what the poll thread holds back while the buffer is full.</summary>
internal sealed class PartitionLane(TopicPartition partition, int capacity)
{
    public TopicPartition Partition { get; } = partition;

    public Channel<InboundRecord> Channel { get; } = System.Threading.Channels.Channel.CreateBounded<InboundRecord>(
        new BoundedChannelOptions(capacity) { SingleReader = true, SingleWriter = true, FullMode = BoundedChannelFullMode.Wait });

    /// <summary>Records read while the buffer was full, in order; the partition is paused while any wait here.</summary>
    public Queue<InboundRecord> Held { get; } = new();

    /// <summary>Highest offset handed to the lane, so a re-fetch after resume cannot duplicate or reorder.</summary>
    public long LastOffset { get; set; } = -1;

    public bool Paused { get; set; }
}
