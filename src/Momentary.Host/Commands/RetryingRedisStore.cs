using Momentary.Core.Context;
using Momentary.Redis.Resilience;
using Momentary.Redis.Store;

namespace Momentary.Host.Commands;

/// <summary>The Redis store behind its retrying decorator; disposing closes the connection.</summary>
public sealed class RetryingRedisStore(RedisContextStore redis, RetryingContextStore retrying) : DelegatingContextStore(retrying), IDisposable
{
    /// <summary>The store itself, without retries (for its change announcements).</summary>
    public RedisContextStore Redis => redis;

    /// <summary>Healthy or degraded (retrying).</summary>
    public ContextStoreStatus Status => retrying.Status;

    public void Dispose() => redis.Dispose();
}
