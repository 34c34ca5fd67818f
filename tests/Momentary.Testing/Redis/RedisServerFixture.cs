using Momentary.Redis.Store;
using StackExchange.Redis;

namespace Momentary.Testing.Redis;

/// <summary>One redis-server per test collection. Tests isolate themselves by key prefix or customer ids derived from their own names.</summary>
public sealed class RedisServerFixture : IDisposable
{
    private readonly Lazy<ConnectionMultiplexer> _connection;

    // One connection for every test of the collection: connecting is the slow, load-sensitive part.

    public RedisServerFixture()
    {
        Server = new RedisServer();
        _connection = new Lazy<ConnectionMultiplexer>(Server.Connect, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public RedisServer Server { get; }

    public IConnectionMultiplexer Connection => _connection.Value;

    /// <summary>
    /// A store over the fixture's shared connection with a unique key prefix, so tests never collide (disposing it
    /// keeps the connection). <paramref name="singleNode"/> as <see cref="RedisStoreSettings.SingleNode"/>.
    /// </summary>
    public RedisContextStore CreateStore(string? prefix = null, bool? singleNode = null) =>
        new(Connection, new RedisStoreSettings { Configuration = Server.Configuration, KeyPrefix = prefix ?? $"t{Guid.NewGuid():N}:", SingleNode = singleNode });

    public void Dispose()
    {
        if (_connection.IsValueCreated)
        {
            _connection.Value.Dispose();
        }

        Server.Dispose();
    }
}
