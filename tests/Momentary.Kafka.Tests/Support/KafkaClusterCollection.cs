using Momentary.Testing.Kafka;

namespace Momentary.Kafka.Tests.Support;

/// <summary>Kafka tests share one cluster (the mock, unless a real one is configured); topics and groups are unique per test.</summary>
[CollectionDefinition(Name)]
public sealed class KafkaClusterCollection : ICollectionFixture<KafkaTestCluster>
{
    public const string Name = "kafka-cluster";
}
