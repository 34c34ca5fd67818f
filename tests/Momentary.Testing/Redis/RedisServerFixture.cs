using Momentary.Redis.Store;
using StackExchange.Redis;

namespace Momentary.Testing.Redis;

/// <summary>One redis-server per test collection. Tests isolate themselves by key prefix or customer ids derived from their own names.</summary>
public sealed class RedisServerFixture : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _connection;

    public RedisServerFixture()
    {
        Server = new RedisServer();
        _connection = new Lazy<ConnectionMultiplexer>(Server.Connect);
    }

    public RedisServer Server { get; }

    public IConnectionMultiplexer Connection => _connection.Value;

    /// <summary>A store with its own connection and a unique key prefix (dispose it).</summary>
    public RedisContextStore CreateStore(string? prefix = null) =>
        RedisContextStore.Connect(new RedisStoreOptions { Configuration = Server.Configuration, KeyPrefix = prefix ?? $"t{Guid.NewGuid():N}:" });

    public void Dispose()
    {
        if (_connection.IsValueCreated)
        {
            _connection.Value.Dispose();
        }

        Server.Dispose();
    }
}
