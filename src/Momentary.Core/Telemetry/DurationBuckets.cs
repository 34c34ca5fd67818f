namespace Momentary.Core.Telemetry;

/// <summary>
/// Bucket boundaries, in seconds, for every duration histogram Momentary exports: fine below 10 ms, where a healthy
/// engine works, and up to 10 s, where an unhealthy one ends up (OpenTelemetry's defaults start at 5 <i>seconds</i>
/// for a histogram in seconds, useless for a milliseconds product).
/// </summary>
public static class DurationBuckets
{
    /// <summary>0.5 ms … 10 s.</summary>
    public static IReadOnlyList<double> Seconds { get; } =
        [0.0005, 0.001, 0.0025, 0.005, 0.0075, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10];
}
