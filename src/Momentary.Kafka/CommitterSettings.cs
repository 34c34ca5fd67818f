namespace Momentary.Kafka;

/// <summary>How completed offsets are handed to the consumer: at most <see cref="MaxBatch"/> or every <see cref="MaxInterval"/>, only the highest per partition.</summary>
public sealed record CommitterSettings
{
    /// <summary>Default 1,000 offsets.</summary>
    public int MaxBatch { get; init; } = 1000;

    /// <summary>Default 50 ms.</summary>
    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromMilliseconds(50);
}
