using System.Diagnostics;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Momentary.Testing.Telemetry;

/// <summary>
/// The engine's metrics and spans as OpenTelemetry exports them, through the SDK's in-memory exporter: a meter provider
/// and a tracer provider (always sampling) for the given names, alive until disposed. Metrics are cumulative from
/// creation, so a test sees only what happened after it created the capture (other tests may run meanwhile: filter by
/// a tag unique to the test, or run in a collection without parallelism).
/// </summary>
public sealed class TelemetryCapture : IDisposable
{
    private readonly MeterProvider _meters;
    private readonly TracerProvider _tracer;
    private readonly List<MetricSnapshot> _metrics = [];
    private readonly List<Activity> _spans = [];

    public TelemetryCapture(string[] meters, string[] sources)
    {
        _meters = Sdk.CreateMeterProviderBuilder().AddMeter(meters).AddInMemoryExporter(_metrics).Build()!;
        _tracer = Sdk.CreateTracerProviderBuilder().AddSource(sources).SetSampler(new AlwaysOnSampler()).AddInMemoryExporter(_spans).Build()!;
    }

    /// <summary>Ended spans exported so far (a copy).</summary>
    public IReadOnlyList<Activity> Spans
    {
        get
        {
            _tracer.ForceFlush();
            lock (_spans)
            {
                return [.. _spans];
            }
        }
    }

    /// <summary>Collects now and returns the points of metric <paramref name="name"/> (empty when not exported yet), checking its unit.</summary>
    public IReadOnlyList<ExportedPoint> Points(string name, string unit)
    {
        lock (_metrics)
        {
            _metrics.Clear();
            _meters.ForceFlush();
            var metric = _metrics.LastOrDefault(m => m.Name == name);
            if (metric is null)
            {
                return [];
            }

            if (metric.Unit != unit)
            {
                throw new InvalidOperationException($"{name} is exported in '{metric.Unit}', not '{unit}'");
            }

            var points = new List<ExportedPoint>();
            foreach (var point in metric.MetricPoints)
            {
                var tags = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var tag in point.Tags)
                {
                    tags[tag.Key] = Convert.ToString(tag.Value, System.Globalization.CultureInfo.InvariantCulture) ?? string.Empty;
                }

                points.Add(metric.MetricType switch
                {
                    MetricType.LongSum or MetricType.LongSumNonMonotonic => new ExportedPoint(tags, point.GetSumLong(), 0, []),
                    MetricType.DoubleSum or MetricType.DoubleSumNonMonotonic => new ExportedPoint(tags, point.GetSumDouble(), 0, []),
                    MetricType.LongGauge => new ExportedPoint(tags, point.GetGaugeLastValueLong(), 0, []),
                    MetricType.DoubleGauge => new ExportedPoint(tags, point.GetGaugeLastValueDouble(), 0, []),
                    MetricType.Histogram => new ExportedPoint(tags, point.GetHistogramSum(), point.GetHistogramCount(), Bounds(point)),
                    _ => throw new InvalidOperationException($"{name}: {metric.MetricType} is not read here"),
                });
            }

            return points;
        }
    }

    private static double[] Bounds(MetricPoint point)
    {
        var bounds = new List<double>();
        foreach (var bucket in point.GetHistogramBuckets())
        {
            if (!double.IsPositiveInfinity(bucket.ExplicitBound))
            {
                bounds.Add(bucket.ExplicitBound);
            }
        }

        return [.. bounds];
    }

    public void Dispose()
    {
        _meters.Dispose();
        _tracer.Dispose();
    }
}
