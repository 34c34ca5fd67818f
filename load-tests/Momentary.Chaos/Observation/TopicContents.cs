using Confluent.Kafka;

namespace Momentary.Chaos.Observation;

/// <summary>Every record of a topic from its start to the high watermarks taken before reading.</summary>
/// <param name="Records">In partition order, then offset order.</param>
/// <param name="Truncated">Partitions whose low watermark is above 0: the broker dropped records (the mock keeps ~5 MiB or 100k per partition), so the figures are incomplete.</param>
internal sealed record TopicContents(string Topic, IReadOnlyList<ConsumeResult<byte[], byte[]>> Records, IReadOnlyList<(int Partition, long LowWatermark)> Truncated);
