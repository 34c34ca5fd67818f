using System.Globalization;
using HdrHistogram;

namespace Momentary.LoadTests.Harness;

/// <summary>End-to-end latencies in microseconds (HdrHistogram, 3 significant digits, up to 1 minute). Thread-safe.</summary>
internal sealed class LatencyHistogram
{
    private readonly LongHistogram _histogram = new(60_000_000, 3);
    private readonly Lock _gate = new();

    public long Count
    {
        get
        {
            lock (_gate)
            {
                return _histogram.TotalCount;
            }
        }
    }

    public void RecordMilliseconds(double ms)
    {
        lock (_gate)
        {
            _histogram.RecordValue(Math.Clamp((long)(ms * 1000), 1, 60_000_000));
        }
    }

    public string Summary() => string.Create(CultureInfo.InvariantCulture, $"p50 {PercentileMs(50):0.00} ms, p99 {PercentileMs(99):0.00} ms, max {PercentileMs(100):0.00} ms ({Count} samples)");

    public double PercentileMs(double p)
    {
        lock (_gate)
        {
            return _histogram.TotalCount == 0 ? double.NaN : _histogram.GetValueAtPercentile(p) / 1000.0;
        }
    }
}
