using Confluent.Kafka;

namespace Momentary.Chaos.Observation;

/// <summary>A consumer group's committed offsets against the end of its input, at one moment.</summary>
internal sealed record GroupPosition(IReadOnlyDictionary<TopicPartition, long> Committed, IReadOnlyDictionary<TopicPartition, long> End, DateTimeOffset At)
{
    /// <summary>Records committed (a partition without a commit counts 0: the topics start empty).</summary>
    public long CommittedTotal => Committed.Values.Sum(c => Math.Max(0, c));

    public long EndTotal => End.Values.Sum();

    public long Lag => End.Sum(e => Math.Max(0, e.Value - Math.Max(0, Committed.GetValueOrDefault(e.Key, 0))));

    /// <summary>Partitions whose committed offset is short of the end.</summary>
    public IReadOnlyList<(TopicPartition Partition, long Committed, long End)> Behind =>
        [.. End.Where(e => Math.Max(0, Committed.GetValueOrDefault(e.Key, 0)) < e.Value).Select(e => (e.Key, Math.Max(0, Committed.GetValueOrDefault(e.Key, 0)), e.Value))];
}
