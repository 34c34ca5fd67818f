using System.Globalization;
using Momentary.Chaos.Input;
using Momentary.Chaos.Processes;
using Momentary.Chaos.Reporting;
using Momentary.Chaos.Scenarios;
using Momentary.City;

namespace Momentary.Chaos;

/// <summary>
/// Runs the selected scenarios against one seeded input and one reference run, prints each scenario's row as it
/// finishes, and writes the table and every check to <c>results.md</c> in the run's directory (with all process logs).
/// </summary>
internal static class ChaosSuite
{
    /// <summary>Every scenario, in the order <c>all</c> runs them.</summary>
    public static IReadOnlyList<IScenario> Scenarios { get; } =
    [
        new CrashScenario(),
        new ScaleScenario(),
        new RedisOutageScenario(RedisFault.Freeze),
        new RedisOutageScenario(RedisFault.KillAndRestart),
        new RedisFailoverScenario(),
        new HostileScenario(),
        new BrokenConfigScenario(),
    ];

    /// <summary>The rules every world runs: the city's, with a 10% control group and signals fresh for 12 h (one input serves every scenario of a run).</summary>
    public static string Rules() => CityRules.Yaml(holdoutPercent: 10, freshFor: "12h");

    public static async Task<IReadOnlyList<ScenarioResult>> RunAsync(ChaosOptions options, TextWriter log, TextWriter errors, CancellationToken ct)
    {
        var selected = options.Scenario == "all"
            ? Scenarios.Where(s => s is RedisFailoverScenario == options.RedisCluster || s is not (RedisFailoverScenario or RedisOutageScenario)).ToList()
            : options.Scenario.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) is var names
                && Scenarios.Where(s => names.Contains(s.Name, StringComparer.Ordinal)).ToList() is { } some && some.Count == names.Distinct(StringComparer.Ordinal).Count()
                ? some
                : throw new ArgumentException($"unknown scenario '{options.Scenario}' (known: all, {string.Join(", ", Scenarios.Select(s => s.Name))})");
        if (selected.Any(s => s is RedisOutageScenario) && options.RedisCluster)
        {
            throw new ArgumentException("the redis-outage and redis-restart scenarios stop a single redis-server: run them without --redis-cluster (on a cluster: redis-failover)");
        }

        if (selected.Any(s => s is RedisFailoverScenario) && !options.RedisCluster)
        {
            throw new ArgumentException("the redis-failover scenario kills a Redis Cluster master: run it with --redis-cluster");
        }

        var runId = Guid.NewGuid().ToString("N")[..6];
        var runDirectory = Path.GetFullPath(Path.Combine(options.Out, string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:yyyyMMdd-HHmmss}-{runId}")));
        Directory.CreateDirectory(runDirectory);
        var binary = await MomentaryBinary.ResolveAsync(options.Momentary, Path.GetFullPath(Path.Combine(options.Out, "momentary")), log, ct);
        log.WriteLine($"engine: {binary.Command}");
        var city = CityWorld.Build(new CitySettings { Customers = options.CustomerCount, Venues = options.Venues, HalfSizeMeters = options.CityHalfSizeMeters, Seed = 42 }, Rules());
        var input = InputBuilder.Build(city.City, options.SignalCount, options.Seed, DateTimeOffset.UtcNow);
        log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"input: {input.Count:N0} signals from {options.CustomerCount:N0} customers over {options.Venues} venues (seed {options.Seed}); {input.Records.GroupBy(r => r.Topic).Select(g => $"{g.Key} {g.Count():N0}").Aggregate((a, b) => $"{a}, {b}")}; logs in {runDirectory}"));
        var ctx = new ScenarioContext(options, binary, city, input, runId, runDirectory, log);
        var results = new List<ScenarioResult>();
        log.WriteLine(ResultTable.Header);
        foreach (var scenario in selected)
        {
            var started = DateTimeOffset.UtcNow;
            ScenarioResult result;
            try
            {
                log.WriteLine($"-- {scenario.Name}: {scenario.Description}");
                result = await scenario.RunAsync(ctx, ct);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
            {
                errors.WriteLine($"{scenario.Name}: {ex}");
                result = ScenarioResult.Failed(scenario.Name, ex.Message, DateTimeOffset.UtcNow - started);
            }

            results.Add(result);
            log.WriteLine(ResultTable.Row(result));
            if (!result.Passed)
            {
                foreach (var failed in result.Checks.Where(c => c.Fails))
                {
                    errors.WriteLine($"{scenario.Name}: FAIL {failed.Name}: {failed.Detail}");
                }
            }
        }

        if (ctx.CompletedReference is { } reference)
        {
            results.Insert(0, reference.ToResult(input.Count));
        }

        await using (var file = File.CreateText(Path.Combine(runDirectory, "results.md")))
        {
            await file.WriteLineAsync($"# Chaos run {runId}: {(options.Quick ? "--quick" : "full")}, scenario {options.Scenario}, {input.Count:N0} signals, seed {options.Seed}");
            await file.WriteLineAsync();
            ResultTable.Write(file, results);
        }

        log.WriteLine();
        ResultTable.Write(log, results);
        log.WriteLine($"results: {Path.Combine(runDirectory, "results.md")}");
        return results;
    }
}
