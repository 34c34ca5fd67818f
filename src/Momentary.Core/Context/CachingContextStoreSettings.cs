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

    /// <summary>
    /// How long a save that moved only the customer's position may stay in the cache unwritten (default 2 minutes of
    /// event time; zero writes every save). Such saves are most location signals; the store's copy of the last fix then lags by
    /// less than this, and everything else in the state is written as before (docs/context-store.md, "Position-only
    /// changes wait").
    /// </summary>
    public TimeSpan PositionWriteInterval { get; init; } = TimeSpan.FromMinutes(2);
}
