using Momentary.Core.Context;
using Momentary.Core.Messaging;
using Momentary.Host.Configuration;
using Momentary.Kafka;
using Momentary.Pipeline.Processing;
using Momentary.Redis.Resilience;
using Momentary.Redis.Runtime;
using Momentary.Redis.Store;

namespace Momentary.Host.Engine;

/// <summary>
/// Maps options (mutable, validated at start-up) once to the immutable settings the engine reads: every option of
/// <c>momentary run</c> is mapped here and nowhere else.
/// </summary>
internal static class EngineSettingsFactory
{
    /// <summary>The engine's settings: consumer, producer, committer, topics and the pipeline.</summary>
    public static EngineSettings FromOptions(MomentaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var kafka = options.Kafka;
        return new EngineSettings
        {
            Consumer = new KafkaConsumerSettings { BootstrapServers = kafka.BootstrapServers, GroupId = kafka.GroupId, GroupInstanceId = kafka.GroupInstanceId, Properties = kafka.Properties, MaxTaskIdle = kafka.MaxTaskIdle, MaxPollInterval = kafka.MaxPollInterval, StatisticsInterval = kafka.StatisticsInterval },
            Producer = new KafkaProducerSettings
            {
                BootstrapServers = kafka.BootstrapServers,
                Properties = kafka.Properties,
                TransactionalId = kafka.ExactlyOnce ? kafka.TransactionalId ?? $"momentary-{kafka.GroupId}-{Environment.MachineName}" : null,
            },
            Committer = new CommitterSettings(),
            SignalTopics = kafka.SignalTopics.Length == 0 ? TopicNames.Signals : kafka.SignalTopics,
            StateFlushInterval = options.StateFlushInterval,
            Pipeline = new PipelineSettings
            {
                OfferTopic = kafka.OfferTopic,
                DeadLetterTopic = kafka.DeadLetterTopic,
                ControlTopic = kafka.ControlTopic,
                ReferralCreditTopic = kafka.ReferralCreditTopic,
                ParallelismPerPartition = options.ParallelismPerPartition,
            },
        };
    }

    /// <summary>The Redis context store as the engine runs it (with the task-affine cache unless turned off); <c>null</c> for the in-memory store.</summary>
    public static RedisRuntimeSettings? Redis(MomentaryOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var redis = options.Redis;
        return string.IsNullOrWhiteSpace(redis.Configuration)
            ? null
            : new RedisRuntimeSettings
            {
                Store = new RedisStoreSettings { Configuration = redis.Configuration, WriteJsonState = redis.WriteJsonState },
                Cache = redis.CacheCustomers > 0 ? new CachingContextStoreSettings { MaxCustomers = redis.CacheCustomers, ProfileTtl = redis.ProfileCacheTtl, PositionWriteInterval = redis.PositionWriteInterval } : null,
            };
    }

    /// <summary>The Redis context store for a short-lived command (<c>context load</c>, <c>erase</c>, <c>demo --redis</c>): no cache.</summary>
    /// <remarks>Calls give up after 15 s of failures, so a command against an unreachable Redis ends with an error.</remarks>
    public static RedisRuntimeSettings RedisTool(string configuration) => new()
    {
        Store = new RedisStoreSettings { Configuration = configuration },
        Retry = new RetrySettings { GiveUpAfter = ToolPatience },
    };

    /// <summary>How long a short-lived command waits for Redis before it fails.</summary>
    public static TimeSpan ToolPatience { get; } = TimeSpan.FromSeconds(15);

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
