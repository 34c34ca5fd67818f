using Momentary.Core.Context;
using Momentary.Redis.Resilience;
using Momentary.Redis.Store;

namespace Momentary.Redis.Runtime;

/// <summary>Everything the Redis context store needs to run in a process: the store, its retries and the engine's cache.</summary>
public sealed record RedisRuntimeSettings
{
    /// <summary>The store: connection string, key prefix, TTLs. Required.</summary>
    public required RedisStoreSettings Store { get; init; }

    /// <summary>Backoff for transient failures. Default: 50 ms doubling to 2 s, retried until shutdown.</summary>
    public RetrySettings Retry { get; init; } = new();

    /// <summary>
    /// The task-affine cache in front of the store (docs/context-store.md, "State next to its task"); <c>null</c>:
    /// none (short-lived commands, or <c>CacheCustomers=0</c>).
    /// </summary>
    public CachingContextStoreSettings? Cache { get; init; }
}
