namespace Momentary.Redis.Store;

/// <summary>Immutable settings of the Redis context store.</summary>
public sealed record RedisStoreOptions
{
    /// <summary>StackExchange.Redis configuration string: endpoints, <c>user=</c>, <c>password=</c>, <c>ssl=true</c>, timeouts. Required.</summary>
    public required string Configuration { get; init; }

    /// <summary>Prefix of every key, so several deployments can share a Redis. Default <c>m:</c>.</summary>
    public string KeyPrefix { get; init; } = "m:";

    /// <summary>How long engine state lives after the customer's last signal. Default 30 days.</summary>
    public TimeSpan StateTtl { get; init; } = TimeSpan.FromDays(30);

    /// <summary>How long a reservation decision is remembered for idempotent replays. Default 7 days (longer than any realistic replay).</summary>
    public TimeSpan DecisionTtl { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// How a check-in reaches the customer's friends' visit keys. <c>null</c> (default): decided from the connected
    /// server, one script for the whole fan-out on a standalone Redis, one script per friend (each friend's key is in
    /// that friend's slot) on a Redis Cluster or when the server type is not known yet. <c>true</c> forces the single
    /// script (only valid where every key lives on one node); <c>false</c> forces one script per friend.
    /// </summary>
    public bool? SingleNodeFanOut { get; init; }
}
