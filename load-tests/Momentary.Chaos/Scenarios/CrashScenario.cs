using System.Diagnostics;
using System.Globalization;
using Momentary.Chaos.Verification;
using Momentary.Testing.Processes;

namespace Momentary.Chaos.Scenarios;

/// <summary>
/// kill -9 mid-stream: one engine under live load is SIGKILLed at 20%, 40% and 60% of the input committed (quick:
/// once, at 20%) and restarted at once each time. At-least-once must hold: every reference offer delivered with the
/// same bytes, repeated offer ids the only duplicates, every input record committed.
/// </summary>
internal sealed class CrashScenario : IScenario
{
    public string Name => "crash";

    public string Description => "SIGKILL the engine under load at >= 20% progress, restart it; repeat";

    public async Task<ScenarioResult> RunAsync(ScenarioContext ctx, CancellationToken ct)
    {
        var reference = await ctx.ReferenceAsync(ct);
        var clock = Stopwatch.StartNew();
        await using var run = await LiveRun.StartAsync(ctx, Name, ctx.Input, engines: 1, ct);
        var rate = ctx.Options.RateFor(ctx.Input.Count);
        run.StartProducing(rate);
        var kills = ctx.Options.Kills;
        var killed = new List<(DateTimeOffset At, long Committed, long Lag)>();
        var checks = new List<Check>();
        for (var k = 0; k < kills; k++)
        {
            // Kills at 20%, 40%, 60% of the input committed (quick: one at 20%); the next comes once the restarted
            // engine has committed past the dead one, without waiting for it to catch up, so all land mid-stream.
            var threshold = 0.2 + (k * 0.2);
            if (!await run.Progress.WaitForFractionAsync(threshold, TimeSpan.FromMinutes(5), ct))
            {
                checks.Add(new Check($"progress reached {threshold:P0} before kill {k + 1}", false, $"stuck at {run.Progress.Fraction:P1}"));
                break;
            }

            var victim = run.World.Running.FirstOrDefault();
            if (victim is null)
            {
                checks.Add(new Check($"an engine was running for kill {k + 1}", false, "none running"));
                break;
            }

            var killedAt = DateTimeOffset.UtcNow;
            await run.SignalAsync(victim, UnixSignal.Kill);
            var afterKill = run.World.Monitor.Position(run.Feeder.EndOffsets(run.World.Monitor.Partitions));
            killed.Add((killedAt, afterKill.CommittedTotal, afterKill.Lag));
            ctx.Log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [crash] SIGKILL {victim.Name} at {afterKill.CommittedTotal / (double)ctx.Input.Count:P0} committed, {run.Feeder.Acknowledged / (double)ctx.Input.Count:P0} produced, lag {afterKill.Lag:N0}; restarting"));
            run.World.StartEngine();
            await run.Progress.WaitAsync(s => s.Committed > afterKill.CommittedTotal, TimeSpan.FromMinutes(3), ct);
        }

        var drained = await run.FinishAsync(ReferenceRun.DrainBound(ctx.Input.Count), ct);
        var verification = await run.VerifyAsync(reference);

        // Per kill: resumed = the new owner committed past the dead one; recovered = the lag back where a healthy
        // group keeps it (or zero once production ended), before the next kill.
        var recoveries = killed.Select((k, i) =>
        {
            var next = i + 1 < killed.Count ? killed[i + 1].At : DateTimeOffset.MaxValue;
            var resumed = run.Progress.TimeUntil(k.At, s => s.Committed > k.Committed);
            var recovered = run.Progress.TimeUntil(k.At, s => s.Committed > k.Committed && (s.Lag <= Math.Max(k.Lag, run.SteadyLag) || (s.Produced >= ctx.Input.Count && s.Lag == 0)));
            return (Resumed: resumed, Recovered: recovered is { } r && k.At + r < next ? recovered : null);
        }).ToList();
        checks.Add(new Check(
            $"{kills} SIGKILL(s) mid-stream, each followed by a restart that resumed committing",
            killed.Count == kills && recoveries.All(r => r.Resumed is not null) && killed.All(k => k.Committed < ctx.Input.Count),
            string.Join("; ", killed.Select((k, i) => string.Create(CultureInfo.InvariantCulture, $"kill {i + 1} at {k.Committed / (double)ctx.Input.Count:P0} committed: resumed after {Verifier.Seconds(recoveries[i].Resumed)}, lag back to normal after {(recoveries[i].Recovered is null ? "n/a (next kill first)" : Verifier.Seconds(recoveries[i].Recovered))}")))));
        checks.Add(new Check("drained to the end after the last restart", drained, $"lag 0 {Verifier.Seconds(run.LagZeroAfterProduction())} after production ended"));
        checks.Add(run.NoUnexpectedExit());
        checks.AddRange(verification.Checks);
        var worst = recoveries.Select(r => r.Resumed).DefaultIfEmpty(null).Max();
        return new ScenarioResult(
            Name,
            string.Create(CultureInfo.InvariantCulture, $"{ctx.Input.Count:N0} signals at {rate:N0}/s, 1 process"),
            $"{killed.Count}x SIGKILL + restart",
            ctx.Input.Count,
            verification.OffersOut,
            verification.Lost,
            verification.Duplicated,
            verification.DeadLettered,
            $"resumed {Verifier.Seconds(worst)} after the worst kill; lag normal {Verifier.Seconds(recoveries.LastOrDefault().Recovered)} after the last",
            verification.StateDiffers,
            checks,
            clock.Elapsed);
    }
}
