using System.ComponentModel.DataAnnotations;

namespace Momentary.Host.Configuration;

/// <summary>Where the context store lives.</summary>
internal sealed class RedisOptions
{
    /// <summary>StackExchange.Redis configuration string, e.g. <c>redis:6379,password=...,ssl=true</c>. Empty: the in-memory store (single process, demos only).</summary>
    public string Configuration { get; set; } = string.Empty;

    /// <summary>
    /// Customers whose state and profile the engine keeps in process while their partition is assigned (default
    /// 250,000; 0 turns the cache off). See docs/context-store.md, "State next to its partition".
    /// </summary>
    [Range(0, 100_000_000)]
    public int CacheCustomers { get; set; } = 250_000;

    /// <summary>How long a cached profile is used before it is read again (default 30 s, 0 to 1 h); profile changes made by <c>context load</c> and <c>erase</c> apply at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan ProfileCacheTtl { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a customer's position outside every fence may wait in the cache unwritten (default 2 minutes of event
    /// time, 0 to 1 h; 0 writes every change). See docs/context-store.md, "Position-only changes wait".
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan PositionWriteInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// Write customer state as JSON, readable by engines older than the binary state format (default false). Turn on
    /// for a rolling upgrade from such engines, off once every engine runs this version (docs/context-store.md).
    /// </summary>
    public bool WriteJsonState { get; set; }
}
