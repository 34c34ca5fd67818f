namespace Momentary.Redis.Resilience;

/// <summary>Backoff for store retries: <see cref="Initial"/> doubling up to <see cref="Max"/>, each with up to 20% jitter.</summary>
public sealed record RetrySettings
{
    /// <summary>Default 50 ms.</summary>
    public TimeSpan Initial { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>Default 2 s: a recovered Redis is noticed within about this long.</summary>
    public TimeSpan Max { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a call may keep failing before its last error is thrown; <c>null</c> (default) retries until cancelled,
    /// as the engine does (signals wait for Redis). Short-lived commands set a bound so they end with an error.
    /// </summary>
    public TimeSpan? GiveUpAfter { get; init; }

    /// <summary>The delay before retry number <paramref name="attempt"/> (0-based).</summary>
    public TimeSpan Delay(int attempt)
    {
        var baseMs = Math.Min(Max.TotalMilliseconds, Initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt, 20)));
        return TimeSpan.FromMilliseconds(baseMs * (1 + (0.2 * Random.Shared.NextDouble())));
    }
}
