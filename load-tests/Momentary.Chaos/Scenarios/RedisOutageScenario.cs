using System.Diagnostics;
using System.Globalization;
using Momentary.Chaos.Processes;
using Momentary.Chaos.Verification;

namespace Momentary.Chaos.Scenarios;

/// <summary>
/// Redis goes away mid-load for 30 s (quick: 10 s), frozen with SIGSTOP or killed and restarted from its AOF.
/// Signals must wait, not be skipped (zero lost, caps verified from the offers); /health, polled throughout, must
/// not tell a load balancer "send traffic" (200) while the store is unreachable; the lag must be back to normal
/// within 60 s of Redis returning; the engine must not exit.
/// </summary>
internal sealed class RedisOutageScenario(RedisFault fault) : IScenario
{
    private static readonly TimeSpan RecoveryBound = TimeSpan.FromSeconds(60);

    // How long the store may take to notice (a command must time out first: syncTimeout/asyncTimeout of 2 s and a retry).
    private static readonly TimeSpan DetectionGrace = TimeSpan.FromSeconds(5);

    public string Name => fault == RedisFault.Freeze ? "redis-outage" : "redis-restart";

    public string Description => fault == RedisFault.Freeze
        ? "redis-server SIGSTOPped mid-load, then SIGCONT"
        : "redis-server SIGKILLed mid-load, restarted from its append-only file";

    public async Task<ScenarioResult> RunAsync(ScenarioContext ctx, CancellationToken ct)
    {
        var reference = await ctx.ReferenceAsync(ct);
        var clock = Stopwatch.StartNew();
        await using var run = await LiveRun.StartAsync(ctx, Name, ctx.Input, engines: 1, ct);
        var rate = ctx.Options.RateFor(ctx.Input.Count);
        run.StartProducing(rate);
        var checks = new List<Check>();
        if (!await run.Progress.WaitForFractionAsync(0.25, TimeSpan.FromMinutes(5), ct))
        {
            throw new TimeoutException($"progress stuck at {run.Progress.Fraction:P1} before the outage");
        }

        var baseline = Math.Max(run.Progress.MaxLag(DateTimeOffset.UtcNow.AddSeconds(-5), DateTimeOffset.UtcNow), run.SteadyLag);
        var outage = ctx.Options.RedisOutage;
        var redis = run.World.Redis;
        var downAt = DateTimeOffset.UtcNow;
        ctx.Log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  [{Name}] redis-server down for {outage.TotalSeconds:0} s at {run.Progress.Fraction:P0} committed"));
        if (fault == RedisFault.Freeze)
        {
            redis.Pause();
        }
        else
        {
            redis.Stop();
        }

        var during = new List<(TimeSpan At, HealthAnswer Answer)>();
        try
        {
            await PollHealthAsync(run, during, downAt, outage, ct);
        }
        finally
        {
            if (fault == RedisFault.Freeze)
            {
                redis.Resume();
            }
            else
            {
                redis.Start();
            }
        }

        var upAt = DateTimeOffset.UtcNow;
        var after = new List<(TimeSpan At, HealthAnswer Answer)>();
        await PollHealthAsync(run, after, upAt, TimeSpan.FromSeconds(10), ct, stopWhenReady: true);

        var drained = await run.FinishAsync(ReferenceRun.DrainBound(ctx.Input.Count), ct);
        var recovered = run.Progress.TimeUntil(upAt, s => s.Lag <= baseline || (s.Produced >= ctx.Input.Count && s.Lag == 0));
        var afterGrace = during.Where(d => d.At >= DetectionGrace).ToList();
        checks.Add(new Check(
            $"/health never answered 200 while Redis was unreachable (after a {DetectionGrace.TotalSeconds:0} s grace)",
            afterGrace.Count > 0 && afterGrace.All(d => d.Answer.Status != 200),
            $"answers during the outage: {Summary(during)}; after the grace: {Summary(afterGrace)}"));
        var readyAgain = after.Where(a => a.Answer.IsReady).Select(a => (TimeSpan?)a.At).FirstOrDefault();
        checks.Add(Check.Info("/health after Redis returned", $"{Summary(after)}; 200 Healthy again {Verifier.Seconds(readyAgain)} after"));
        checks.Add(new Check(
            $"throughput steady again within {RecoveryBound.TotalSeconds:0} s of Redis returning",
            recovered <= RecoveryBound,
            string.Create(CultureInfo.InvariantCulture, $"lag back to {baseline:N0} (the pre-outage level) {Verifier.Seconds(recovered)} after Redis returned; peak lag {run.Progress.MaxLag(downAt, DateTimeOffset.UtcNow):N0}")));
        checks.Add(new Check("drained to the end", drained, $"lag 0 {Verifier.Seconds(run.LagZeroAfterProduction())} after production ended"));
        checks.Add(run.NoUnexpectedExit("the engine never exited"));
        var verification = await run.VerifyAsync(reference);
        checks.AddRange(verification.Checks);
        return new ScenarioResult(
            Name,
            string.Create(CultureInfo.InvariantCulture, $"{ctx.Input.Count:N0} signals at {rate:N0}/s, 1 process"),
            string.Create(CultureInfo.InvariantCulture, $"redis {(fault == RedisFault.Freeze ? "SIGSTOP" : "SIGKILL + AOF restart")} {outage.TotalSeconds:0} s"),
            ctx.Input.Count,
            verification.OffersOut,
            verification.Lost,
            verification.Duplicated,
            verification.DeadLettered,
            $"{Verifier.Seconds(recovered)} after Redis returned",
            verification.StateDiffers,
            checks,
            clock.Elapsed);
    }

    private static async Task PollHealthAsync(LiveRun run, List<(TimeSpan At, HealthAnswer Answer)> answers, DateTimeOffset from, TimeSpan span, CancellationToken ct, bool stopWhenReady = false)
    {
        while (DateTimeOffset.UtcNow - from < span)
        {
            foreach (var engine in run.World.Running)
            {
                var answer = await engine.HealthAsync(ct);
                answers.Add((DateTimeOffset.UtcNow - from, answer));
                if (stopWhenReady && answer.IsReady)
                {
                    return;
                }
            }

            await Task.Delay(500, ct);
        }
    }

    private static string Summary(List<(TimeSpan At, HealthAnswer Answer)> answers) =>
        answers.Count == 0
            ? "none"
            : string.Join(", ", answers.GroupBy(a => a.Answer.ToString()).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key} x{g.Count()} (from {g.Min(a => a.At).TotalSeconds:0.0} s)")));
}
