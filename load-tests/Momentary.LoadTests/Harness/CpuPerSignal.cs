using System.Globalization;

namespace Momentary.LoadTests.Harness;

/// <summary>
/// What a drain cost per signal in CPU: this process (generator idle, brokers, pipes) and redis-server, from /proc.
/// On two shared cores throughput ≈ 2 cores ÷ this, so it judges a pipe by what it controls (issue 22).
/// </summary>
internal readonly record struct CpuPerSignal(double ProcessMicros, double RedisMicros)
{
    /// <summary>Process + redis-server, µs per signal.</summary>
    public double TotalMicros => ProcessMicros + RedisMicros;

    /// <summary>This pipe's total CPU per signal over <paramref name="baseline"/>'s (lower is better; 1 = as cheap as it).</summary>
    public double RatioTo(CpuPerSignal baseline) => baseline.TotalMicros > 0 ? TotalMicros / baseline.TotalMicros : double.NaN;

    public string Describe() => string.Create(CultureInfo.InvariantCulture, $"{ProcessMicros:0.0} µs in this process + {RedisMicros:0.0} µs in redis-server");
}
