using Confluent.Kafka;

namespace Momentary.Chaos.Observation;

/// <summary>Reads a topic to its end with a throwaway consumer on explicit partitions ("the end" = high watermarks asked first).</summary>
internal static class TopicReader
{
    public static TopicContents ReadToEnd(string bootstrap, string topic, int partitions, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "chaos-reader-" + Guid.NewGuid().ToString("N"),
            EnableAutoCommit = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            FetchWaitMaxMs = 10,
            MaxPartitionFetchBytes = 8_000_000,
            FetchMaxBytes = 64_000_000,
        }).SetLogHandler((_, _) => { }).Build();
        var remaining = new Dictionary<int, long>();
        var truncated = new List<(int, long)>();
        var start = new List<TopicPartitionOffset>();
        for (var p = 0; p < partitions; p++)
        {
            var marks = consumer.QueryWatermarkOffsets(new TopicPartition(topic, p), TimeSpan.FromSeconds(10));
            if (marks.Low.Value > 0)
            {
                truncated.Add((p, marks.Low.Value));
            }

            if (marks.High.Value > marks.Low.Value)
            {
                remaining[p] = marks.High.Value;
                start.Add(new TopicPartitionOffset(topic, p, marks.Low));
            }
        }

        var records = new List<ConsumeResult<byte[], byte[]>>();
        if (remaining.Count == 0)
        {
            return new TopicContents(topic, records, truncated);
        }

        consumer.Assign(start);
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (remaining.Count > 0)
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{topic}: still {remaining.Count} partition(s) short of their high watermark after {timeout.TotalSeconds:0} s");
            }

            var result = consumer.Consume(TimeSpan.FromMilliseconds(200));
            if (result?.Message is null)
            {
                continue;
            }

            records.Add(result);
            if (remaining.TryGetValue(result.Partition.Value, out var high) && result.Offset.Value + 1 >= high)
            {
                remaining.Remove(result.Partition.Value);
            }
        }

        consumer.Close();
        return new TopicContents(topic, [.. records.OrderBy(r => r.Partition.Value).ThenBy(r => r.Offset.Value)], truncated);
    }
}
