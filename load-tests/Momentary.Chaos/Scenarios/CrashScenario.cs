using System.Diagnostics;
using System.Globalization;
using Momentary.Chaos.Verification;
using Momentary.Testing.Processes;

namespace Momentary.Chaos.Scenarios;

/// <summary>
/// kill -9 mid-stream: one engine under live load is SIGKILLed at 20% committed progress and again later (three
/// kills; quick: one), restarted at once each time. At-least-once must hold: every reference offer delivered with
/// the same bytes, repeated offer ids the only duplicates, every input record committed.
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
        var recoveries = new List<(TimeSpan? Resumed, TimeSpan? CaughtUp)>();
        var checks = new List<Check>();
        for (var k = 0; k < kills; k++)
        {
            var threshold = 0.2 + (k * 0.5 / kills);
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
            ctx.Log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [crash] SIGKILL {victim.Name} at {afterKill.CommittedTotal / (double)ctx.Input.Count:P0} committed, lag {afterKill.Lag:N0}; restarting"));
            run.World.StartEngine();

            // Recovered = the new owner committed past the dead one and the lag is back where a healthy group keeps it.
            var resumed = await run.Progress.WaitAsync(s => s.Committed > afterKill.CommittedTotal, TimeSpan.FromMinutes(3), ct);
            await run.Progress.WaitAsync(s => s.Committed > afterKill.CommittedTotal && s.Lag <= Math.Max(afterKill.Lag, run.SteadyLag), TimeSpan.FromMinutes(3), ct);
            recoveries.Add((
                resumed ? run.Progress.TimeUntil(killedAt, s => s.Committed > afterKill.CommittedTotal) : null,
                run.Progress.TimeUntil(killedAt, s => s.Committed > afterKill.CommittedTotal && s.Lag <= Math.Max(afterKill.Lag, run.SteadyLag))));
        }

        var drained = await run.FinishAsync(ReferenceRun.DrainBound(ctx.Input.Count), ct);
        var verification = await run.VerifyAsync(reference);
        checks.Add(new Check(
            $"{kills} SIGKILL(s) injected, each followed by a restart that resumed committing",
            recoveries.Count == kills && recoveries.All(r => r.Resumed is not null),
            string.Join("; ", recoveries.Select((r, i) => $"kill {i + 1}: resumed after {Verifier.Seconds(r.Resumed)}, lag back to normal after {Verifier.Seconds(r.CaughtUp)}"))));
        checks.Add(new Check("drained to the end after the last restart", drained, $"lag 0 {Verifier.Seconds(run.LagZeroAfterProduction())} after production ended"));
        checks.Add(run.NoUnexpectedExit());
        checks.AddRange(verification.Checks);
        var worst = recoveries.Select(r => r.CaughtUp ?? r.Resumed).Where(t => t is not null).DefaultIfEmpty(null).Max();
        return new ScenarioResult(
            Name,
            string.Create(CultureInfo.InvariantCulture, $"{ctx.Input.Count:N0} signals at {rate:N0}/s, 1 process"),
            $"{recoveries.Count}x SIGKILL + restart",
            ctx.Input.Count,
            verification.OffersOut,
            verification.Lost,
            verification.Duplicated,
            verification.DeadLettered,
            $"{Verifier.Seconds(worst)} (worst kill)",
            verification.StateDiffers,
            checks,
            clock.Elapsed);
    }
}
