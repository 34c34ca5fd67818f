namespace Momentary.Kafka.Telemetry;

/// <summary>One assigned partition's consumer lag, as librdkafka's statistics report it.</summary>
/// <param name="Topic">Topic.</param>
/// <param name="Partition">Partition.</param>
/// <param name="Lag">Records between the committed offset and the high watermark.</param>
internal readonly record struct PartitionLag(string Topic, int Partition, long Lag);
