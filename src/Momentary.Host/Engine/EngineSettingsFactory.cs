using Momentary.Host.Configuration;
using Momentary.Kafka;
using Momentary.Pipeline.Processing;

namespace Momentary.Host.Engine;

/// <summary>Maps options (mutable, validated at start-up) once to the immutable settings the engine reads.</summary>
public static class EngineSettingsFactory
{
    public static EngineSettings FromOptions(MomentaryOptions options, PipelineSettings pipeline)
    {
        ArgumentNullException.ThrowIfNull(options);
        var kafka = options.Kafka;
        return new EngineSettings
        {
            Consumer = new KafkaConsumerSettings { BootstrapServers = kafka.BootstrapServers, GroupId = kafka.GroupId, Properties = kafka.Properties, MaxTaskIdle = kafka.MaxTaskIdle },
            Producer = new KafkaProducerSettings
            {
                BootstrapServers = kafka.BootstrapServers,
                Properties = kafka.Properties,
                TransactionalId = kafka.ExactlyOnce ? kafka.TransactionalId ?? $"momentary-{kafka.GroupId}-{Environment.MachineName}" : null,
            },
            Committer = new CommitterSettings(),
            SignalTopics = kafka.SignalTopics,
            Pipeline = pipeline,
        };
    }

    /// <summary>Settings for an embedded cluster (demo, tests): short session timeout, fast fetches.</summary>
    public static EngineSettings Embedded(string bootstrapServers, string groupId, IReadOnlyCollection<string> signalTopics, PipelineSettings pipeline) => new()
    {
        Consumer = new KafkaConsumerSettings { BootstrapServers = bootstrapServers, GroupId = groupId, FetchWaitMaxMs = 1, SessionTimeout = TimeSpan.FromSeconds(2), CommitInterval = TimeSpan.FromMilliseconds(200) },
        Producer = new KafkaProducerSettings { BootstrapServers = bootstrapServers },
        Committer = new CommitterSettings(),
        SignalTopics = signalTopics,
        Pipeline = pipeline,
    };
}
