namespace Momentary.Host.Configuration;

/// <summary>Where the context store lives.</summary>
public sealed class RedisOptions
{
    /// <summary>StackExchange.Redis configuration string, e.g. <c>redis:6379,password=...,ssl=true</c>. Empty: the in-memory store (single process, demos only).</summary>
    public string Configuration { get; set; } = string.Empty;
}
