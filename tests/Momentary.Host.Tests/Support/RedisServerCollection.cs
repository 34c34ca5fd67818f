using Momentary.Testing.Redis;

namespace Momentary.Host.Tests.Support;

/// <summary>Test classes in this collection share one redis-server (xunit needs the definition in the test assembly).</summary>
[CollectionDefinition(Name)]
public sealed class RedisServerCollection : ICollectionFixture<RedisServerFixture>
{
    public const string Name = "redis-server";
}
