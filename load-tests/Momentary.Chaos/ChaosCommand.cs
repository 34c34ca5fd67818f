using System.CommandLine;

namespace Momentary.Chaos;

/// <summary>The command line: <c>[--quick] [--scenario NAME|all] [--signals N] [--out DIR] [--momentary PATH] [--strict-state] [--redis-cluster] ...</c>.</summary>
internal static class ChaosCommand
{
    public static RootCommand Build()
    {
        var quick = new Option<bool>("--quick") { Description = "Small counts for CI (5,000 signals, one kill, 10 s Redis outage); a few minutes in all." };
        var scenario = new Option<string>("--scenario") { Description = $"A scenario ({string.Join(", ", ChaosSuite.Scenarios.Select(s => s.Name))}), several separated by commas, or all.", DefaultValueFactory = _ => "all" };
        var signals = new Option<int?>("--signals") { Description = "Good signals in the input (default 100,000; quick 5,000)." };
        var output = new Option<string>("--out") { Description = "Directory for results.md and every process log.", DefaultValueFactory = _ => "chaos-results" };
        var momentary = new Option<string?>("--momentary") { Description = "A published momentary (executable, .dll or directory); default: publish src/Momentary.Host once into OUT/momentary." };
        var strict = new Option<bool>("--strict-state") { Description = "Fail when a customer's final state in Redis differs from the reference's (default: report only)." };
        var customers = new Option<int?>("--customers") { Description = "Simulated customers (default 2,000; quick 500)." };
        var seed = new Option<int>("--seed") { Description = "Seed of the input (default 7).", DefaultValueFactory = _ => 7 };
        var rate = new Option<double?>("--rate") { Description = "Signals per second in live-load scenarios (default: the input over about 50 s; quick 20 s)." };
        var cluster = new Option<bool>("--redis-cluster") { Description = "Run every world on a Redis Cluster (3 masters, 3 replicas) instead of one redis-server; adds the redis-failover scenario." };
        var root = new RootCommand("Momentary's reliability suite: drives published momentary processes against a dev-cluster (or MOMENTARY_KAFKA_BOOTSTRAP) and redis-server, injects faults, and checks input against output and a fault-free reference.")
        {
            quick, scenario, signals, output, momentary, strict, customers, seed, rate, cluster,
        };
        root.SetAction(async (result, ct) =>
        {
            var options = new ChaosOptions
            {
                Quick = result.GetValue(quick),
                Scenario = result.GetValue(scenario)!,
                Signals = result.GetValue(signals),
                Out = result.GetValue(output)!,
                Momentary = result.GetValue(momentary),
                StrictState = result.GetValue(strict),
                Customers = result.GetValue(customers),
                Seed = result.GetValue(seed),
                Rate = result.GetValue(rate),
                RedisCluster = result.GetValue(cluster),
            };
            try
            {
                var results = await ChaosSuite.RunAsync(options, Console.Out, Console.Error, ct);
                return results.All(r => r.Passed) ? 0 : 1;
            }
            catch (ArgumentException ex)
            {
                await Console.Error.WriteLineAsync(ex.Message);
                return 2;
            }
        });
        return root;
    }
}
