using System.Diagnostics;
using System.Globalization;
using Momentary.Chaos.Verification;

namespace Momentary.Chaos.Scenarios;

/// <summary>
/// On a Redis Cluster (<c>--redis-cluster</c>): the master serving a third of the slots is SIGKILLed at 25% of the
/// load and stays dead; its replica is promoted after the node timeout. Signals for its slots must wait and be
/// retried, not skipped (zero lost, caps verified from the offers); the lag must be back to normal within 60 s of the
/// cluster serving every slot again; the engine must not exit.
/// </summary>
internal sealed class RedisFailoverScenario : IScenario
{
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(60);

    public string Name => "redis-failover";

    public string Description => "a Redis Cluster master SIGKILLed mid-load; its replica takes over";

    public async Task<ScenarioResult> RunAsync(ScenarioContext ctx, CancellationToken ct)
    {
        var reference = await ctx.ReferenceAsync(ct);
        var clock = Stopwatch.StartNew();
        await using var run = await LiveRun.StartAsync(ctx, Name, ctx.Input, engines: 1, ct);
        var cluster = run.World.RedisCluster ?? throw new InvalidOperationException("redis-failover needs --redis-cluster");
        var rate = ctx.Options.RateFor(ctx.Input.Count);
        run.StartProducing(rate);
        if (!await run.Progress.WaitForFractionAsync(0.25, TimeSpan.FromMinutes(5), ct))
        {
            throw new TimeoutException($"progress stuck at {run.Progress.Fraction:P1} before the failover");
        }

        var baseline = Math.Max(run.Progress.MaxLag(DateTimeOffset.UtcNow.AddSeconds(-5), DateTimeOffset.UtcNow), run.SteadyLag);
        var customer = ctx.CustomerIds[0];
        var victim = cluster.KillMasterOf(cluster.SlotOf($"m:{{{customer}}}:state"));
        var downAt = DateTimeOffset.UtcNow;
        ctx.Log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [{Name}] master on port {victim.Port} SIGKILLed at {run.Progress.Fraction:P0} committed"));
        var failover = await Task.Run(() => cluster.WaitUntilHealthy(TimeSpan.FromSeconds(60)), ct);
        var upAt = DateTimeOffset.UtcNow;
        ctx.Log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [{Name}] every slot served again {failover.TotalSeconds:0.0} s after the kill"));

        var drained = await run.FinishAsync(ReferenceRun.DrainBound(ctx.Input.Count), ct);
        var recovered = run.Progress.TimeUntil(upAt, s => s.Lag <= baseline || (s.Produced >= ctx.Input.Count && s.Lag == 0));
        var checks = new List<Check>
        {
            Check.Info("failover", string.Create(CultureInfo.InvariantCulture, $"replica promoted, all 16,384 slots served {failover.TotalSeconds:0.0} s after the SIGKILL; peak lag {run.Progress.MaxLag(downAt, DateTimeOffset.UtcNow):N0}")),
            new Check(
                $"throughput steady again within {RecoveryBound.TotalSeconds:0} s of the failover",
                recovered <= RecoveryBound,
                string.Create(CultureInfo.InvariantCulture, $"lag back to {baseline:N0} (the pre-kill level) {Verifier.Seconds(recovered)} after the failover")),
            new Check("drained to the end", drained, $"lag 0 {Verifier.Seconds(run.LagZeroAfterProduction())} after production ended"),
            run.NoUnexpectedExit("the engine never exited"),
        };
        var verification = await run.VerifyAsync(reference);
        checks.AddRange(verification.Checks);
        return new ScenarioResult(
            Name,
            string.Create(CultureInfo.InvariantCulture, $"{ctx.Input.Count:N0} signals at {rate:N0}/s, 1 process"),
            "Redis Cluster master SIGKILL",
            ctx.Input.Count,
            verification.OffersOut,
            verification.Lost,
            verification.Duplicated,
            verification.DeadLettered,
            string.Create(CultureInfo.InvariantCulture, $"failover {failover.TotalSeconds:0.0} s; lag normal {Verifier.Seconds(recovered)} after"),
            verification.StateDiffers,
            checks,
            clock.Elapsed);
    }
}
