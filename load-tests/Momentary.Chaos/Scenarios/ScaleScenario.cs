using System.Diagnostics;
using System.Globalization;
using Momentary.Chaos.Verification;
using Momentary.Testing.Processes;

namespace Momentary.Chaos.Scenarios;

/// <summary>
/// Scale out and back under live load: 1 process, then 3 (at 15% progress, until all three process signals), then SIGTERM one (at 40%: it must
/// drain, commit and exit 0 within the drain bound) and SIGKILL another (at 60%), back to 1. No loss, no stuck
/// partition, and the lag back to zero within 60 s of the end of production.
/// </summary>
internal sealed class ScaleScenario : IScenario
{
    private static readonly TimeSpan LagBound = TimeSpan.FromSeconds(60);

    // Cooperative-sticky takes two rebalance rounds; on the mock each waits about the session timeout.
    private static readonly TimeSpan ScaleOutBound = TimeSpan.FromSeconds(60);

    // The engine's default drain bound (Momentary__DrainTimeout) plus process start-up and shut-down.
    private static readonly TimeSpan TermBound = TimeSpan.FromSeconds(20 + 15);

    public string Name => "scale";

    public string Description => "1 -> 3 -> 1 processes under load; one leaves by SIGTERM, one by SIGKILL";

    public async Task<ScenarioResult> RunAsync(ScenarioContext ctx, CancellationToken ct)
    {
        var reference = await ctx.ReferenceAsync(ct);
        var clock = Stopwatch.StartNew();
        await using var run = await LiveRun.StartAsync(ctx, Name, ctx.Input, engines: 1, ct);
        var rate = ctx.Options.RateFor(ctx.Input.Count);
        run.StartProducing(rate);
        var checks = new List<Check>();
        var steps = new List<string>();

        await Step(0.15, "scale 1 -> 3");
        run.World.StartEngine();
        run.World.StartEngine();

        // Scaled out = every process holds tasks (its readiness says so). Whether each also processed a signal depends on
        // input being left when it joined, which a slow start on a loaded machine can use up: reported, not required.
        var scaling = Stopwatch.StartNew();
        var spread = false;
        int[] tasks = [];
        while (!spread && scaling.Elapsed < ScaleOutBound)
        {
            await Task.Delay(500, ct);
            tasks = await Task.WhenAll(run.World.Running.Select(e => e.TasksAssignedAsync(ct)));
            spread = tasks.Length == 3 && tasks.All(t => t > 0);
        }

        var processed = await Task.WhenAll(run.World.Running.Select(e => e.SignalsProcessedAsync(ct)));
        checks.Add(new Check(
            $"scale-out: all 3 processes took tasks within {ScaleOutBound.TotalSeconds:0} s",
            spread,
            string.Create(CultureInfo.InvariantCulture, $"tasks per process [{string.Join(", ", tasks)}] after {scaling.Elapsed.TotalSeconds:0.0} s; signals processed so far [{string.Join(", ", processed.Select(p => p?.ToString(CultureInfo.InvariantCulture) ?? "-"))}]")));

        await Step(0.40, "SIGTERM one of 3");
        var termed = run.World.Running[1];
        var termAt = Stopwatch.StartNew();
        await run.SignalAsync(termed, UnixSignal.Term);
        var exited = await termed.Process.WaitForExitAsync(TermBound);
        checks.Add(new Check(
            "SIGTERM: the process drained, committed and exited 0 within the drain bound",
            exited && termed.Process.ExitCode == 0,
            exited ? $"exit code {termed.Process.ExitCode} after {termAt.Elapsed.TotalSeconds:0.0} s" : $"still running after {TermBound.TotalSeconds:0} s"));

        await Step(0.60, "SIGKILL one of 2");
        var killed = run.World.Running.Last();
        await run.SignalAsync(killed, UnixSignal.Kill);
        var lastFault = DateTimeOffset.UtcNow;

        var drained = await run.FinishAsync(LagBound + ctx.Options.SessionTimeout, ct);
        var lagZero = run.LagZeroAfterProduction();
        var caughtUp = run.Progress.TimeUntil(lastFault, s => s.Lag <= run.SteadyLag);
        checks.Add(new Check(
            $"lag back to zero within {LagBound.TotalSeconds:0} s of the end of production (no stuck partition)",
            drained && lagZero <= LagBound,
            $"lag 0 {Verifier.Seconds(lagZero)} after production ended; lag back to normal {Verifier.Seconds(caughtUp)} after the last fault; steps: {string.Join(", ", steps)}"));
        checks.Add(run.NoUnexpectedExit());
        var verification = await run.VerifyAsync(reference);
        checks.AddRange(verification.Checks);
        return new ScenarioResult(
            Name,
            string.Create(CultureInfo.InvariantCulture, $"{ctx.Input.Count:N0} signals at {rate:N0}/s, 1->3->1 processes"),
            "2 scale-outs, 1 SIGTERM, 1 SIGKILL",
            ctx.Input.Count,
            verification.OffersOut,
            verification.Lost,
            verification.Duplicated,
            verification.DeadLettered,
            $"lag 0 {Verifier.Seconds(lagZero)} after load",
            verification.StateDiffers,
            checks,
            clock.Elapsed);

        async Task Step(double fraction, string what)
        {
            if (!await run.Progress.WaitForFractionAsync(fraction, TimeSpan.FromMinutes(5), ct))
            {
                throw new TimeoutException($"progress stuck at {run.Progress.Fraction:P1} before '{what}'");
            }

            steps.Add(string.Create(CultureInfo.InvariantCulture, $"{what} at {run.Progress.Fraction:P0}"));
            ctx.Log.WriteLine($"  [scale] {steps[^1]}");
        }
    }
}
