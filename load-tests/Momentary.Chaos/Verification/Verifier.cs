using System.Globalization;
using Momentary.Chaos.Input;

namespace Momentary.Chaos.Verification;

/// <summary>
/// The checks every scenario shares (Kafka's system-test style: input set against output set): every input record
/// committed, every reference offer and control decision present with the same bytes and nothing else, repeated
/// offer ids counted (the only duplicate at-least-once allows), caps never exceeded, dead letters exactly the
/// hostile records, and the final customer states compared (enforced only with --strict-state).
/// </summary>
internal static class Verifier
{
    public static Verification Verify(ChaosInput input, InputPlacement placement, WorldOutcome reference, WorldOutcome actual, CapLimits caps, bool strictState, string? differencesFile = null)
    {
        var checks = new List<Check>();
        var behind = actual.Final.Behind;
        var unaccounted = behind.Sum(b => b.End - b.Committed);
        checks.Add(new Check(
            "every input record committed (no stuck partition)",
            behind.Count == 0 && actual.Final.EndTotal >= input.Count,
            behind.Count == 0
                ? $"{actual.Final.CommittedTotal:N0} committed of {input.Count:N0} produced"
                : $"{unaccounted:N0} record(s) not committed on {behind.Count} partition(s): " + string.Join(", ", behind.Take(5).Select(b => $"{b.Partition.Topic}[{b.Partition.Partition.Value}] {b.Committed}/{b.End}"))));

        var offers = OfferComparison.Compare(reference.Offers, actual.Offers);
        checks.Add(new Check("every reference offer delivered", offers.Missing == 0, offers.ToString()));
        checks.Add(new Check("no offer the reference did not issue", offers.Unexpected == 0 && actual.Unparsable == 0, $"{offers.Unexpected} unexpected offer id(s), {actual.Unparsable} unparsable record(s)"));
        checks.Add(new Check("same bytes as the reference for every offer id", offers.DifferentBytes == 0, $"{offers.DifferentBytes} record(s) differ"));
        checks.Add(Check.Info("repeated offer ids (allowed at-least-once: same id, same bytes)", $"{offers.Duplicates} repeated record(s)"));

        var control = OfferComparison.Compare(reference.Control, actual.Control);
        checks.Add(new Check("control-group decisions match the reference", control.Matches, control.ToString()));

        var violations = caps.Violations(actual.Offers);
        checks.Add(new Check(
            "caps never exceeded",
            violations.Count == 0,
            violations.Count == 0 ? $"{offers.Distinct:N0} offers within {caps.PerCustomerPerRule} per customer per rule per {caps.Window.TotalHours:0.#} h and {caps.PerCustomerPerHour} per customer per hour" : $"{violations.Count} violation(s): " + string.Join("; ", violations.Take(5))));

        var dead = DeadLetterReport.Build(input, placement, actual.DeadLetters);
        if (input.HostileCount > 0)
        {
            var incomplete = dead.Categories.Where(c => !c.Complete).ToList();
            checks.Add(new Check(
                "every hostile record dead-lettered, with its reason and source, unchanged (or truncated with its size and SHA-256)",
                incomplete.Count == 0,
                $"{dead.Categories.Sum(c => c.DeadLettered)}/{input.HostileCount} dead-lettered; " + string.Join("; ", (incomplete.Count > 0 ? incomplete : dead.Categories).Select(c => c.ToString()))));
        }

        checks.Add(new Check(
            "no good record dead-lettered; every dead letter names its source",
            dead.GoodDeadLettered == 0 && dead.WithoutSource == 0,
            $"{dead.GoodDeadLettered} good record(s) dead-lettered" + (dead.GoodKinds.Count > 0 ? " (" + string.Join(", ", dead.GoodKinds.Select(k => $"{k.Key} {k.Value}")) + ")" : string.Empty)
            + $", {dead.WithoutSource} dead letter(s) without a source in the input, {dead.Repeated} repeated"));

        if (actual.Truncations.Count > 0 || reference.Truncations.Count > 0)
        {
            checks.Add(new Check("the broker kept every record (else the figures are incomplete)", false, string.Join("; ", reference.Truncations.Concat(actual.Truncations))));
        }

        var states = StateComparison.Compare(reference.States, actual.States);
        if (differencesFile is not null && states.Differ > 0)
        {
            states.WriteTo(differencesFile);
        }

        checks.Add(new Check(
            "final customer state equals the reference's" + (strictState ? string.Empty : " (reported; --strict-state enforces)"),
            states.Differ == 0,
            states.ToString(),
            Enforced: strictState));

        return new Verification(
            checks,
            Lost: offers.Missing + control.Missing + unaccounted,
            Duplicated: offers.Duplicates + control.Duplicates,
            OffersOut: offers.Distinct,
            DeadLettered: actual.DeadLetters.Count,
            StateDiffers: states.Differ);
    }

    /// <summary>"12.3 s" with the invariant culture.</summary>
    public static string Seconds(TimeSpan? t) => t is { } v ? v.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s" : "n/a";
}
