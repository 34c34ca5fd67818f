using System.Globalization;
using Momentary.Core.Context;
using Momentary.Core.Signals;

namespace Momentary.Core.Rules.Triggers;

/// <summary>
/// <c>afterExercise: { heartRateAbove, for, restBelow, within? }</c> ("after a run"): a wearable reading below
/// <see cref="RestBelow"/> bpm, the first since a spell of at least <see cref="For"/> with every kept reading at or
/// above <see cref="HeartRateAbove"/> bpm that ended at most <see cref="Within"/> (default 30m) before it. Fires once
/// per spell: a later resting reading finds a resting reading after the spell and stays silent.
/// </summary>
internal sealed class AfterExerciseTrigger(int heartRateAbove, TimeSpan duration, int restBelow, TimeSpan within) : Trigger
{
    /// <summary>The <c>afterExercise</c> kind.</summary>
    public static TriggerKind Kind { get; } = TriggerKind.Of("afterExercise", ["heartRateAbove", "for", "restBelow", "within"], Read, static (rules, _) => new AfterExerciseIndex(rules));

    /// <summary>The heart rate, in bpm, the spell stays at or above.</summary>
    public int HeartRateAbove => heartRateAbove;

    /// <summary>How long the spell must last, from its first elevated reading to its last.</summary>
    public TimeSpan For => duration;

    /// <summary>The heart rate, in bpm, below which the customer rests.</summary>
    public int RestBelow => restBelow;

    /// <summary>How soon after the spell's last elevated reading the resting one must come.</summary>
    public TimeSpan Within => within;

    /// <inheritdoc/>
    public override TimeSpan HeartRateWindow => duration + within;

    /// <summary>
    /// The length of the elevated spell that <paramref name="bpm"/> at <paramref name="now"/> is the first rest after,
    /// in <paramref name="samples"/> (oldest first, before this reading); <c>null</c> when it does not end one.
    /// </summary>
    public TimeSpan? SpellEndedBy(IReadOnlyList<HeartRateSample> samples, DateTimeOffset now, int bpm)
    {
        if (bpm >= restBelow)
        {
            return null;
        }

        var i = samples.Count - 1;
        while (i >= 0 && samples[i].Bpm < heartRateAbove)
        {
            if (samples[i].Bpm < restBelow || samples[i].At >= now)
            {
                return null; // rested already since the spell (or a reading from the future: out of order)
            }

            i--;
        }

        if (i < 0 || now - samples[i].At > within)
        {
            return null;
        }

        var end = samples[i].At;
        while (i > 0 && samples[i - 1].Bpm >= heartRateAbove)
        {
            i--;
        }

        var spell = end - samples[i].At;
        return spell >= duration ? spell : null;
    }

    /// <inheritdoc/>
    public override string Explain(RuleScope scope)
    {
        var reading = (WearableReading)scope.Input.Signal;
        var bpm = reading.HeartRate!.Value;
        var spell = SpellEndedBy(scope.Input.Context.State.HeartRates, reading.Timestamp, bpm)!.Value;
        var e = scope.Explanation;
        e.Fact("elevatedHeartRate", string.Create(CultureInfo.InvariantCulture, $"{spell.TotalMinutes:0}m at >= {heartRateAbove} bpm"), ">= " + DurationText.Format(duration));
        e.Fact("heartRate", bpm.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $"< {restBelow}"));
        e.Phrase(string.Create(CultureInfo.InvariantCulture, $"after {spell.TotalMinutes:0} minutes with your heart rate above {heartRateAbove} bpm, you are resting at {bpm} bpm"));
        return "after-exercise";
    }

    private static AfterExerciseTrigger? Read(TriggerReader t)
    {
        var above = t.Int("heartRateAbove", 60, 250);
        var spell = t.Duration("for", required: true);
        var rest = t.Int("restBelow", 40, 200);
        var within = t.Duration("within", required: false) ?? TimeSpan.FromMinutes(30);
        if (spell is { } s && (s < TimeSpan.FromMinutes(1) || s > TimeSpan.FromHours(2)))
        {
            t.Error("for", $"the exercise time of {t.What} must be from 1m to 2h", "heart-rate readings are kept a minute apart, two hours at most");
        }

        if (within > TimeSpan.FromHours(1))
        {
            t.Error("within", $"'within' in the afterExercise trigger of {t.What} may be at most 1h", "it is about the rest right after the exercise");
        }

        if (above is { } a && rest is { } r && r >= a)
        {
            t.Error("restBelow", $"the afterExercise trigger of {t.What} can never fire: 'restBelow' ({r}) is not below 'heartRateAbove' ({a})", "e.g. heartRateAbove: 140, restBelow: 100");
        }

        return above is null || spell is null || rest is null ? null : new AfterExerciseTrigger(above.Value, spell.Value, rest.Value, within);
    }

    /// <summary>On a reading that reports a heart rate, every rule whose spell it ends fires.</summary>
    private sealed class AfterExerciseIndex(CompiledRule[] rules) : SignalTriggerIndex
    {
        public override SignalKind Signal => SignalKind.Wearable;

        public override void Match(in EvaluationInput input, RuleScope scope, List<OfferCandidate> fired)
        {
            if (input.Signal is not WearableReading { HeartRate: { } bpm } reading || input.Context.State.HeartRates.Count == 0)
            {
                return;
            }

            foreach (var rule in rules)
            {
                if (((AfterExerciseTrigger)rule.Trigger).SpellEndedBy(input.Context.State.HeartRates, reading.Timestamp, bpm) is not null)
                {
                    scope.Reset(input, null);
                    rule.Fire(scope, fired);
                }
            }
        }
    }
}
