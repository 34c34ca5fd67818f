namespace Momentary.Core.Context;

/// <summary>Bounds of the in-process context cache (<see cref="CachingContextStore"/>).</summary>
public sealed record CachingContextStoreSettings
{
    /// <summary>
    /// How long a cached profile is used before it is read again (default 30 s). Changes made through Momentary
    /// (<c>context load</c>, <c>erase</c>) are announced and apply at once; this bounds changes written by anything else.
    /// </summary>
    public TimeSpan ProfileTtl { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Customers kept in process (default 250,000; about 1 KB each); past it about half are dropped.</summary>
    public int MaxCustomers { get; init; } = 250_000;
}
