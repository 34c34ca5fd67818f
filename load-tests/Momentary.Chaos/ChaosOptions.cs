namespace Momentary.Chaos;

/// <summary>How the suite runs (command line: <c>--quick</c>, <c>--scenario</c>, <c>--signals</c>, <c>--out</c>, ...). Quick mode keeps CI under a few minutes.</summary>
internal sealed record ChaosOptions
{
    /// <summary>Small counts (5,000 signals, one kill, a 10 s outage) for CI; the full mode is the default.</summary>
    public bool Quick { get; init; }

    /// <summary>A scenario name, several separated by commas, or <c>all</c>.</summary>
    public string Scenario { get; init; } = "all";

    /// <summary>Good signals in the input. Default 100,000 (quick: 5,000).</summary>
    public int? Signals { get; init; }

    /// <summary>Results (table, checks) and every process log go under this directory.</summary>
    public string Out { get; init; } = "chaos-results";

    /// <summary>A published <c>momentary</c> (executable, .dll or directory); null publishes the engine from this repository.</summary>
    public string? Momentary { get; init; }

    /// <summary>Fail when a customer's final state differs from the reference's (default: report only).</summary>
    public bool StrictState { get; init; }

    /// <summary>Simulated customers. Default 2,000 (quick: 500), so each has many signals across topics.</summary>
    public int? Customers { get; init; }

    /// <summary>
    /// Simulated venues. Default 1,000 in five districts that overlap in a 1 km square (<see cref="CityHalfSizeMeters"/>),
    /// so customers walking a few hundred metres cross many fences and the rules fire often.
    /// </summary>
    public int Venues { get; init; } = 1_000;

    /// <summary>Half the side of the city. Default 500 m.</summary>
    public double CityHalfSizeMeters { get; init; } = 500;

    public int Seed { get; init; } = 7;

    /// <summary>
    /// Every world's Redis is a Redis Cluster (three masters, three replicas, node timeout 1 s) instead of one
    /// redis-server; the single-server outage scenarios give way to <c>redis-failover</c> (a master SIGKILLed mid-load).
    /// </summary>
    public bool RedisCluster { get; init; }

    /// <summary>Partitions of every topic. Default 12: the mock keeps ~100k records per partition.</summary>
    public int Partitions { get; init; } = 12;

    /// <summary>Signals per second in live-load scenarios; default: the input over about 50 s (quick: 20 s).</summary>
    public double? Rate { get; init; }

    /// <summary>The engines' consumer session timeout (how long a SIGKILLed member holds its partitions). Default 6 s.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(6);

    public int SignalCount => Signals ?? (Quick ? 5_000 : 100_000);

    public int CustomerCount => Customers ?? (Quick ? 500 : 2_000);

    /// <summary>Hostile records mixed into the good ones. 1,000 (quick: 170, ten per category).</summary>
    public int HostileCount => Quick ? 170 : 1_000;

    /// <summary>SIGKILLs in the crash scenario: 3 (quick: 1).</summary>
    public int Kills => Quick ? 1 : 3;

    /// <summary>How long redis-server stays frozen or dead: 30 s (quick: 10 s).</summary>
    public TimeSpan RedisOutage => Quick ? TimeSpan.FromSeconds(10) : TimeSpan.FromSeconds(30);

    /// <summary>The live-load rate for an input of <paramref name="count"/> records.</summary>
    public double RateFor(int count) => Rate ?? Math.Max(50, count / (Quick ? 20.0 : 50.0));
}
