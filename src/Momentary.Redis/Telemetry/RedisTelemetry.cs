using System.Diagnostics.Metrics;
using Momentary.Core.Telemetry;

namespace Momentary.Redis.Telemetry;

/// <summary>
/// The Redis adapter's one Meter, created once. Each context-store call to Redis (one attempt of a retried call) is
/// timed as OpenTelemetry's <c>db.client.operation.duration</c>, tagged <c>db.system.name=redis</c> and
/// <c>db.operation.name</c> (the store operation, e.g. <c>load_context</c>: each is one script or pipelined round trip,
/// not a single Redis command) and, when it failed, <c>error.type</c>.
/// </summary>
public static class RedisTelemetry
{
    /// <summary>Name of the Meter, for OpenTelemetry registration.</summary>
    public const string Name = "Momentary.Redis";

    private static readonly Meter Meter = new(Name);

    private static readonly KeyValuePair<string, object?> System = new("db.system.name", "redis");

    private static readonly Histogram<double> Duration = Meter.CreateHistogram(
        "db.client.operation.duration",
        "s",
        "Duration of one context-store call to Redis (one attempt), by operation; failed ones carry error.type",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets.Seconds });

    private static readonly Counter<long> Errors = Meter.CreateCounter<long>("momentary.redis.errors", "{error}", "Context-store calls to Redis that failed, by operation and error.type (exception type); transient ones are retried");

    private static readonly Counter<long> Retries = Meter.CreateCounter<long>("momentary.redis.retries", "{retry}", "Context-store calls retried after a transient failure, by operation");

    private static int s_degraded;

    static RedisTelemetry()
    {
        // A gauge rather than an up-down counter: it is exported (as 0) before anything ever failed, so alerts see it.
        Meter.CreateObservableGauge("momentary.redis.degraded", () => new Measurement<int>(Volatile.Read(ref s_degraded), System), "{store}", "Context stores whose calls are failing and being retried (signals wait): 1 while degraded, else 0");
    }

    /// <summary>Records one attempt of <paramref name="operation"/> that succeeded.</summary>
    public static void Succeeded(string operation, TimeSpan elapsed) =>
        Duration.Record(elapsed.TotalSeconds, System, new KeyValuePair<string, object?>("db.operation.name", operation));

    /// <summary>Records one attempt of <paramref name="operation"/> that failed with <paramref name="error"/>.</summary>
    public static void Failed(string operation, TimeSpan elapsed, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var type = new KeyValuePair<string, object?>("error.type", error.GetType().FullName);
        var op = new KeyValuePair<string, object?>("db.operation.name", operation);
        Duration.Record(elapsed.TotalSeconds, System, op, type);
        Errors.Add(1, System, op, type);
    }

    /// <summary>Counts a retry of <paramref name="operation"/>.</summary>
    public static void Retried(string operation) => Retries.Add(1, System, new KeyValuePair<string, object?>("db.operation.name", operation));

    /// <summary>A store entered (+1) or left (-1) the degraded state.</summary>
    public static void DegradedChanged(int delta) => Interlocked.Add(ref s_degraded, delta);
}
