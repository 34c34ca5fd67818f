using System.Globalization;

namespace Momentary.LoadTests.Measuring;

/// <summary>Collects latencies (ms) and reports percentiles. Thread-safe.</summary>
internal sealed class LatencyRecorder
{
    private readonly List<double> _samples = [];
    private readonly Lock _gate = new();

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _samples.Count;
            }
        }
    }

    public void Record(double ms)
    {
        lock (_gate)
        {
            _samples.Add(ms);
        }
    }

    public double Percentile(double p)
    {
        lock (_gate)
        {
            if (_samples.Count == 0)
            {
                return double.NaN;
            }

            var sorted = _samples.Order().ToArray();
            return sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p / 100 * sorted.Length) - 1)];
        }
    }

    public string Summary() => string.Create(CultureInfo.InvariantCulture, $"p50 {Percentile(50):0.00} ms, p99 {Percentile(99):0.00} ms, max {Percentile(100):0.00} ms ({Count} samples)");
}
