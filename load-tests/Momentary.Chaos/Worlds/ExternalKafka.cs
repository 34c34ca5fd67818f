using Confluent.Kafka;
using Confluent.Kafka.Admin;

namespace Momentary.Chaos.Worlds;

/// <summary>
/// A real broker named in <c>MOMENTARY_KAFKA_BOOTSTRAP</c>, shared by every world of the run: each world gets its
/// own topics (unique prefix), created here with the run's partition count. Topics are left behind for inspection.
/// </summary>
internal sealed class ExternalKafka : IKafkaCluster
{
    private ExternalKafka(string bootstrap, TopicSet topics, int partitions)
    {
        BootstrapServers = bootstrap;
        Topics = topics;
        Partitions = partitions;
    }

    public string BootstrapServers { get; }

    public TopicSet Topics { get; }

    public int Partitions { get; }

    public string Description => "external broker";

    public string? Failure => null;

    /// <summary>The broker the environment names, or null (then worlds run their own dev-cluster).</summary>
    public static string? FromEnvironment() => Environment.GetEnvironmentVariable("MOMENTARY_KAFKA_BOOTSTRAP") is { Length: > 0 } b ? b : null;

    public static async Task<ExternalKafka> CreateAsync(string bootstrap, string prefix, int partitions)
    {
        var topics = TopicSet.Prefixed(prefix);
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap }).Build();
        await admin.CreateTopicsAsync(
            topics.All.Select(t => new TopicSpecification { Name = t, NumPartitions = partitions, ReplicationFactor = -1 }),
            new CreateTopicsOptions { RequestTimeout = TimeSpan.FromSeconds(30) });
        return new ExternalKafka(bootstrap, topics, partitions);
    }

    public void Dispose()
    {
    }
}
