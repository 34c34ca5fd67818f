using System.Globalization;
using Momentary.Chaos.Input;
using Momentary.Chaos.Observation;
using Momentary.Chaos.Verification;
using Momentary.Chaos.Worlds;

namespace Momentary.Chaos.Scenarios;

/// <summary>
/// The fault-free run every scenario is compared with: the clean input into a world of its own (own Kafka, own
/// redis-server), one engine process, produced at the same live rate as the scenarios and drained to the end.
/// Live rather than a backlog drain: a customer's signals on different topics then rarely meet in the engine at
/// once, which keeps the baseline as close to canonical as the engine allows while per-customer ordering across
/// topics is not guaranteed (docs/reliability.md, known failures).
/// </summary>
internal sealed record ReferenceRun(WorldOutcome Outcome, double Rate, TimeSpan Elapsed, IReadOnlyList<Check> Checks)
{
    public static async Task<ReferenceRun> RunAsync(ScenarioContext ctx, CancellationToken ct)
    {
        var started = DateTimeOffset.UtcNow;
        await using var run = await LiveRun.StartAsync(ctx, "reference", ctx.Input, engines: 1, ct);
        var rate = ctx.Options.RateFor(ctx.Input.Count);
        run.StartProducing(rate);
        if (!await run.FinishAsync(DrainBound(ctx.Input.Count), ct))
        {
            throw new InvalidOperationException($"the reference run did not drain within its bound; committed {run.Progress.Fraction:P1}; see {run.World.Spec.Directory}");
        }

        var outcome = await WorldOutcome.CaptureAsync(run.World, ctx.CustomerIds);
        var violations = ctx.Caps.Violations(outcome.Offers);
        var distinct = outcome.Offers.Select(o => o.OfferId).Distinct(StringComparer.Ordinal).Count();

        // The reference is only a baseline if it is sane itself.
        var checks = new List<Check>
        {
            run.NoUnexpectedExit("reference: the engine never exited"),
            new("reference: every input record committed", outcome.Final.Lag == 0, $"{outcome.Final.CommittedTotal:N0} of {ctx.Input.Count:N0}"),
            new("reference: no dead letters for the clean input", outcome.DeadLetters.Count == 0, $"{outcome.DeadLetters.Count} dead letter(s)"),
            new("reference: caps never exceeded", violations.Count == 0, violations.Count == 0 ? $"{distinct} offers" : string.Join("; ", violations.Take(3))),
            new("reference: no repeated offer id", outcome.Offers.Count == distinct, $"{outcome.Offers.Count} offer records"),
            new("reference: issued offers and control decisions", outcome.Offers.Count > 0 && outcome.Control.Count > 0, $"{outcome.Offers.Count} offers, {outcome.Control.Count} control decisions"),
        };
        ctx.Log.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  reference: {outcome.Offers.Count:N0} offers, {outcome.Control.Count:N0} control decisions, {outcome.States.States.Count(s => s.Value is not null):N0} customer states"));
        return new ReferenceRun(outcome, rate, DateTimeOffset.UtcNow - started, checks);
    }

    /// <summary>The reference as the table's first row: its figures and its own sanity checks.</summary>
    public ScenarioResult ToResult(int signals) => new(
        "reference",
        string.Create(CultureInfo.InvariantCulture, $"{signals:N0} signals at {Rate:N0}/s, 1 process"),
        "none",
        signals,
        Outcome.Offers.Select(o => o.OfferId).Distinct(StringComparer.Ordinal).Count(),
        Outcome.Final.Lag,
        Outcome.Offers.Count - Outcome.Offers.Select(o => o.OfferId).Distinct(StringComparer.Ordinal).Count(),
        Outcome.DeadLetters.Count,
        "-",
        0,
        Checks,
        Elapsed);

    /// <summary>Produces <paramref name="input"/> into a new world first, then drains it with one engine (throughput), and captures the outcome.</summary>
    public static async Task<(WorldOutcome Outcome, DrainResult Drain, InputPlacement Placement)> DrainAsync(ScenarioContext ctx, string name, ChaosInput input, int maxRestarts, CancellationToken ct)
    {
        using var world = await World.StartAsync(ctx.Binary, ctx.Spec(name, input), ctx.Log);
        using var feeder = new InputFeeder(world.Kafka.BootstrapServers, world.Topics);
        await feeder.ProduceAsync(input.Records, perSecond: null, ct);
        await using var progress = new RunProgress(world, feeder, input.Count);
        var drain = await DrainMeter.RunAsync(world, progress, input.Count, DrainBound(input.Count), maxRestarts, ct);
        return (await WorldOutcome.CaptureAsync(world, ctx.CustomerIds), drain, feeder.Placement());
    }

    /// <summary>A generous bound for one engine to drain <paramref name="records"/> on two shared cores.</summary>
    public static TimeSpan DrainBound(int records) => TimeSpan.FromSeconds(90 + (records / 1_000.0));
}
