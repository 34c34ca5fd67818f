using Momentary.Kafka;
using Momentary.Pipeline.Processing;

namespace Momentary.Host.Engine;

/// <summary>Everything the engine needs to start, built once from options.</summary>
internal sealed record EngineSettings
{
    public required KafkaConsumerSettings Consumer { get; init; }

    public required KafkaProducerSettings Producer { get; init; }

    public required CommitterSettings Committer { get; init; }

    public required IReadOnlyCollection<string> SignalTopics { get; init; }

    public required PipelineSettings Pipeline { get; init; }

    /// <summary>
    /// How long buffered state may wait before it is written to the store: the committer flushes it before it stores
    /// the offsets it gathered within this interval, so a customer's writes within it coalesce into one. Zero: the
    /// graph flushes after every batch, before the batch's offers are produced (the behaviour before issue 22).
    /// Default 500 ms (docs/context-store.md, "Write-behind across batches").
    /// </summary>
    public TimeSpan StateFlushInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Upper bound on tasks (partition numbers) processed at once by this process. Default 256.</summary>
    public int MaxTasks { get; init; } = 256;
}
