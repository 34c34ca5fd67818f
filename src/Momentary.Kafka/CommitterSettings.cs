namespace Momentary.Kafka;

/// <summary>How completed offsets are handed to the consumer: at most <see cref="MaxBatch"/> or every <see cref="MaxInterval"/>, only the highest per partition.</summary>
public sealed record CommitterSettings
{
    /// <summary>Default 1,000 offsets.</summary>
    public int MaxBatch { get; init; } = 1000;

    /// <summary>Default 50 ms.</summary>
    public TimeSpan MaxInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Awaited before each group of offsets is stored, one call at a time; <c>null</c> (default) for none. The engine
    /// flushes buffered state here, so that a stored (and so committed) offset never runs ahead of the state its
    /// records wrote, while state writes are coalesced across everything processed within <see cref="MaxInterval"/>
    /// (Kafka Streams flushes its stores before it commits in the same way). A failure fails the stream: nothing of
    /// the group is stored, and its records are processed again after a restart.
    /// </summary>
    public Func<CancellationToken, ValueTask>? BeforeStore { get; init; }
}
