using System.Diagnostics;
using System.Globalization;
using Momentary.Chaos.Input;
using Momentary.Chaos.Verification;

namespace Momentary.Chaos.Scenarios;

/// <summary>
/// 1,000 hostile records (quick: 170) mixed into the clean input across the signal topics, drained by one engine
/// like the reference: every hostile record in the dead-letter topic with its reason and source coordinates,
/// every good one processed (offers equal to the clean reference's), the process never exits, and the drain rate
/// within 10% of the clean run's.
/// </summary>
internal sealed class HostileScenario : IScenario
{
    private const double ThroughputTolerance = 0.10;

    // A crash-looping engine is restarted this many times (each replays the same poison record), then given up on.
    private const int MaxRestarts = 2;

    public string Name => "hostile";

    public string Description => "hostile records mixed into the input; drained by one process";

    public async Task<ScenarioResult> RunAsync(ScenarioContext ctx, CancellationToken ct)
    {
        var reference = await ctx.ReferenceAsync(ct);
        var clock = Stopwatch.StartNew();
        var hostile = HostileRecords.Create(ctx.Options.HostileCount, ctx.Options.Seed, ctx.Input.Records, ctx.Input.Records[^1].Timestamp, ctx.Options.Partitions);
        var input = ctx.Input.Mix(hostile, ctx.Options.Seed);

        // Each kind alone first: a crash-looping engine would hide what every later kind does in the mixed run.
        var probe = await HostileProbe.RunAsync(ctx, input, ct);

        // The clean run to hold the throughput to: the same backlog drain, without the hostile records, just before.
        var (cleanOutcome, clean, _) = await ReferenceRun.DrainAsync(ctx, Name + "-clean", ctx.Input, 0, ct);
        var (outcome, drain, placement) = await ReferenceRun.DrainAsync(ctx, Name, input, MaxRestarts, ct);
        var verification = Verifier.Verify(input, placement, reference.Outcome, outcome, ctx.Caps, ctx.Options.StrictState, Path.Combine(ctx.RunDirectory, Name, "state-differences.ndjson"));
        var cleanAgainstReference = OfferComparison.Compare(reference.Outcome.Offers, cleanOutcome.Offers);

        var checks = new List<Check>
        {
            new(
                "each hostile kind on its own: dead-lettered, never processed as a signal, never a crash",
                probe.All(p => p.Clean),
                $"{probe.Count(p => p.Crash is not null)} of {probe.Count} kinds crash the engine, {probe.Count(p => p.Crash is null && p.TakenAsSignal > 0)} are processed as signals: " + string.Join("; ", probe.Where(p => !p.Clean).Select(p => p.ToString())) + (probe.Any(p => p.Clean) ? "; dead-lettered as they should: " + string.Join(", ", probe.Where(p => p.Clean).Select(p => p.Category)) : string.Empty)),
            new("the engine never exited (no restart)", drain.Crashes.Count == 0, drain.Crashes.Count == 0 ? "1 process throughout" : string.Join("; ", drain.Crashes)),
            new("drained to the end", drain.Drained, drain.Drained ? $"in {drain.Elapsed.TotalSeconds:0.0} s" : $"gave up after {drain.Elapsed.TotalSeconds:0} s; " + Stuck(input, placement, outcome)),
        };
        var ratio = drain.SignalsPerSecond / clean.SignalsPerSecond;
        var throughput = drain.SignalsPerSecond is { } rate
            ? string.Create(CultureInfo.InvariantCulture, $"{rate:N0} records/s against {clean.SignalsPerSecond:N0} for the clean input drained the same way just before ({ratio:P0})")
            : string.Create(CultureInfo.InvariantCulture, $"n/a: the engine restarted ({drain.Crashes.Count} crash(es)); the clean input drained at {clean.SignalsPerSecond:N0} records/s just before");
        checks.Add(ctx.Options.Quick
            ? Check.Info("throughput within 10% of the clean run", throughput + "; not enforced in --quick mode: a few thousand records drain in about a second, within the sampling noise")
            : new Check("throughput within 10% of the clean run", ratio >= 1 - ThroughputTolerance, throughput));
        checks.Add(Check.Info(
            "the clean drain against the reference (what a backlog drain alone changes, without hostile records)",
            $"offers: {cleanAgainstReference}; states: {StateComparison.Compare(reference.Outcome.States, cleanOutcome.States)}"));
        checks.AddRange(verification.Checks);
        return new ScenarioResult(
            Name,
            string.Create(CultureInfo.InvariantCulture, $"{ctx.Input.Count:N0} good + {hostile.Count:N0} hostile, produced first, 1 process"),
            string.Create(CultureInfo.InvariantCulture, $"{hostile.Count:N0} hostile records, {HostileRecords.Categories.Count} kinds"),
            input.Count,
            verification.OffersOut,
            verification.Lost,
            verification.Duplicated,
            verification.DeadLettered,
            drain.Crashes.Count == 0
                ? string.Create(CultureInfo.InvariantCulture, $"{drain.SignalsPerSecond:N0}/s ({ratio:P0} of clean)")
                : string.Create(CultureInfo.InvariantCulture, $"{drain.Crashes.Count} crash(es); clean drain {clean.SignalsPerSecond:N0}/s"),
            verification.StateDiffers,
            checks,
            clock.Elapsed);
    }

    // Where the group stopped, and what kind of record sits there: the poison pill, when the engine crash-loops.
    private static string Stuck(ChaosInput input, InputPlacement placement, WorldOutcome outcome) =>
        "stuck at: " + string.Join(", ", outcome.Final.Behind.Take(8).Select(b =>
            placement.IndexAt(b.Partition.Topic, b.Partition.Partition.Value, b.Committed) is { } i
                ? $"{b.Partition.Topic}[{b.Partition.Partition.Value}]@{b.Committed} ({input.Records[i].Hostile ?? "good"} record)"
                : $"{b.Partition.Topic}[{b.Partition.Partition.Value}]@{b.Committed}"));
}
