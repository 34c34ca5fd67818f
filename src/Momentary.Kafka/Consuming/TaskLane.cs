using Confluent.Kafka;

namespace Momentary.Kafka.Consuming;

/// <summary>One partition of a task: the records the poll thread has read and the task's sub-stream not yet taken. Guarded by its task's gate.</summary>
internal sealed class TaskLane(TopicPartition partition, string group, LanePool pool, bool lend)
{
    public TopicPartition Partition { get; } = partition;

    /// <summary>The partition's metric tags, built once (counting a consumed record allocates nothing).</summary>
    public KeyValuePair<string, object?>[] Tags { get; } = Telemetry.KafkaTelemetry.PartitionTags(partition, group);

    public LaneRecords Records { get; } = new(pool, lend);

    /// <summary>Highest offset read, so a re-fetch after a resume can neither duplicate nor reorder.</summary>
    public long LastOffset { get; set; } = -1;

    /// <summary>
    /// Whether everything the broker held for the partition has been read (librdkafka reported its end, and no record
    /// came since): an empty lane that is caught up holds nothing the task should wait for.
    /// </summary>
    public bool CaughtUp { get; set; }

    /// <summary>Whether fetching is paused because the lane is full (poll thread only).</summary>
    public bool Paused { get; set; }
}
