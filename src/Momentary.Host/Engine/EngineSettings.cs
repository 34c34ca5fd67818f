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

    /// <summary>Upper bound on tasks (partition numbers) processed at once by this process. Default 256.</summary>
    public int MaxTasks { get; init; } = 256;
}
