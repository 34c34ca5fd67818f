namespace Momentary.Redis.Tests.Telemetry;

/// <summary>Tests that read process-wide metrics (the degraded gauge, counters tagged by operation only) run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryCollection
{
    public const string Name = "redis-telemetry";
}
