namespace Momentary.Chaos.Worlds;

/// <summary>Where a world's topics live: a dev-cluster process of its own, or a real broker shared by every world.</summary>
internal interface IKafkaCluster : IDisposable
{
    string BootstrapServers { get; }

    /// <summary>This world's topics, all with <see cref="Partitions"/> partitions.</summary>
    TopicSet Topics { get; }

    int Partitions { get; }

    /// <summary>"dev-cluster (librdkafka mock)" or "external broker".</summary>
    string Description { get; }

    /// <summary>Why the cluster is gone (its process exited), or null while it serves: every wait on the world checks it, so a dead cluster fails the scenario at once instead of at its timeout.</summary>
    string? Failure { get; }
}
