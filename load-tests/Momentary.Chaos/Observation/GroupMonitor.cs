using Confluent.Kafka;

namespace Momentary.Chaos.Observation;

/// <summary>
/// Reads a consumer group's committed offsets for explicit partitions (OffsetFetch) and the partitions' high
/// watermarks, without joining the group. Lag and progress come from these; ListConsumerGroups is never called
/// (it crashes librdkafka's mock, KAFKA-MOCK.md).
/// </summary>
internal sealed class GroupMonitor : IDisposable
{
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly List<TopicPartition> _partitions;
    private readonly Lock _lock = new();

    public GroupMonitor(string bootstrap, string groupId, IEnumerable<string> topics, int partitions)
    {
        _consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = groupId, EnableAutoCommit = false })
            .SetLogHandler((_, _) => { })
            .Build();
        _partitions = [.. topics.SelectMany(t => Enumerable.Range(0, partitions).Select(p => new TopicPartition(t, p)))];
    }

    public IReadOnlyList<TopicPartition> Partitions => _partitions;

    /// <summary>Committed offsets (next offset to read; -1001 when none).</summary>
    public IReadOnlyDictionary<TopicPartition, long> Committed()
    {
        lock (_lock)
        {
            return _consumer.Committed(_partitions, TimeSpan.FromSeconds(10)).ToDictionary(c => c.TopicPartition, c => c.Offset.Value);
        }
    }

    /// <summary>High watermarks, asked of the brokers.</summary>
    public IReadOnlyDictionary<TopicPartition, long> HighWatermarks()
    {
        lock (_lock)
        {
            return _partitions.ToDictionary(p => p, p => _consumer.QueryWatermarkOffsets(p, TimeSpan.FromSeconds(10)).High.Value);
        }
    }

    /// <summary>The group against <paramref name="end"/> (what the feeder knows it delivered), or against the brokers' watermarks.</summary>
    public GroupPosition Position(IReadOnlyDictionary<TopicPartition, long>? end = null) => new(Committed(), end ?? HighWatermarks(), DateTimeOffset.UtcNow);

    public void Dispose() => _consumer.Dispose();
}
