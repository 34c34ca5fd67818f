using Momentary.Testing.Traits;
using Momentary.Chaos.Scenarios;
using Xunit.Abstractions;

namespace Momentary.Chaos.Tests;

/// <summary>
/// The quick crash scenario as a CI test: real <c>momentary</c> processes (the engine built with the solution),
/// each world with its own dev-cluster and redis-server, one SIGKILL and restart under load, everything checked
/// against a fault-free reference. Every wait in the suite is "until a condition, with a bound"; the bounds are
/// generous for two shared cores. About a minute; the whole test is bounded at five.
/// </summary>
[Trait(Needs.Trait, Needs.Redis)]
[Trait(Needs.Trait, Needs.Kafka)]
[Trait(Needs.Trait, Needs.Processes)]
public sealed class CrashScenarioTests(ITestOutputHelper output)
{
    [Fact]
    public async Task CrashScenario_QuickRunWithOneSigkill_LosesNothingAndRepeatsOnlyOfferIds()
    {
        var outDir = Path.Combine(Path.GetTempPath(), "momentary-chaos-test-" + Guid.NewGuid().ToString("N")[..8]);
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        using var log = new TestOutputWriter(output);
        var options = new ChaosOptions { Quick = true, Scenario = "crash", Out = outDir, Momentary = AppContext.BaseDirectory };

        var results = await ChaosSuite.RunAsync(options, log, log, bound.Token);

        var failures = results.Where(r => !r.Passed)
            .SelectMany(r => r.Checks.Where(c => c.Fails).Select(c => $"{r.Scenario}: {c.Name}: {c.Detail}").Prepend(r.Error is null ? string.Empty : $"{r.Scenario}: {r.Error}"))
            .Where(f => f.Length > 0)
            .ToList();
        Assert.True(failures.Count == 0, $"logs in {outDir}:\n" + string.Join("\n", failures));
        Assert.Equal(["reference", "crash"], results.Select(r => r.Scenario));
        var crash = results.Single(r => r.Scenario == "crash");
        Assert.Equal(0, crash.Lost);
        Assert.Equal(options.SignalCount, crash.SignalsIn);
        Directory.Delete(outDir, recursive: true);
    }
}
