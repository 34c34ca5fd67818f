namespace Momentary.Redis.Store;

/// <summary>Immutable settings of the Redis context store.</summary>
public sealed record RedisStoreSettings
{
    /// <summary>StackExchange.Redis configuration string: endpoints, <c>user=</c>, <c>password=</c>, <c>ssl=true</c>, timeouts. Required.</summary>
    public required string Configuration { get; init; }

    /// <summary>Prefix of every key, so several deployments can share a Redis. Default <c>m:</c>.</summary>
    public string KeyPrefix { get; init; } = "m:";

    /// <summary>How long engine state lives after the customer's last signal. Default 30 days.</summary>
    public TimeSpan StateTtl { get; init; } = TimeSpan.FromDays(30);

    /// <summary>
    /// Write customer state as the JSON engines before the binary format wrote (default false: binary, about five times
    /// smaller and faster). Every engine reads both; turn this on only while engines older than the binary format still
    /// run against the same Redis (a rolling upgrade), then off (docs/context-store.md, "State format").
    /// </summary>
    public bool WriteJsonState { get; init; }

    /// <summary>How long a reservation decision is remembered for idempotent replays. Default 7 days (longer than any realistic replay).</summary>
    public TimeSpan DecisionTtl { get; init; } = TimeSpan.FromDays(7);

    /// <summary>
    /// Whether every key lives on one node. <c>null</c> (default): decided from the connected server (standalone:
    /// yes; Redis Cluster, a proxy, or not connected yet: no). On one node, friends' visits are joined by one script
    /// in the context's own round trip; otherwise the friends are read first and their visits (each in its owner's
    /// slot) in a second, pipelined round trip. <c>true</c> is only valid where every key is on one node.
    /// </summary>
    public bool? SingleNode { get; init; }
}
