using Momentary.Redis.Store;
using StackExchange.Redis;

namespace Momentary.Testing.Redis;

/// <summary>
/// One Redis Cluster (three masters, three replicas) per test collection: starting it takes a few seconds, so a test
/// assembly starts it once. Tests isolate themselves by key prefix, as on <see cref="RedisServerFixture"/>; tests that
/// kill or reshard nodes start their own <see cref="RedisCluster"/>.
/// </summary>
public sealed class RedisClusterFixture : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _connection;

    public RedisClusterFixture()
    {
        Cluster = new RedisCluster();
        _connection = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(Cluster.Configuration), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public RedisCluster Cluster { get; }

    public IConnectionMultiplexer Connection => _connection.Value;

    /// <summary>A store over the fixture's shared connection with a unique key prefix (disposing it keeps the connection).</summary>
    public RedisContextStore CreateStore(string? prefix = null) =>
        new(Connection, new RedisStoreSettings { Configuration = Cluster.Configuration, KeyPrefix = prefix ?? $"t{Guid.NewGuid():N}:" });

    public void Dispose()
    {
        if (_connection.IsValueCreated)
        {
            _connection.Value.Dispose();
        }

        Cluster.Dispose();
    }
}
