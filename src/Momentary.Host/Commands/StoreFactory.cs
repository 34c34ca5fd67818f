using Momentary.Redis.Resilience;
using Momentary.Redis.Store;

namespace Momentary.Host.Commands;

/// <summary>Builds the Redis store as the engine uses it: behind the retrying decorator.</summary>
public static class StoreFactory
{
    /// <summary>Connects to <paramref name="configuration"/> (a StackExchange.Redis configuration string, e.g. <c>localhost:6379</c>).</summary>
    public static RetryingRedisStore ConnectRedis(string configuration, TimeProvider time)
    {
        var redis = RedisContextStore.Connect(new RedisStoreOptions { Configuration = configuration });
        return new RetryingRedisStore(redis, new RetryingContextStore(redis, time));
    }
}
