using Momentary.Testing.Redis;

namespace Momentary.Host.Tests.Support;

/// <summary>Test classes in this collection share one Redis Cluster, started once for the assembly (xunit needs the definition in the test assembly).</summary>
[CollectionDefinition(Name)]
public sealed class RedisClusterCollection : ICollectionFixture<RedisClusterFixture>
{
    public const string Name = "redis-cluster";
}
