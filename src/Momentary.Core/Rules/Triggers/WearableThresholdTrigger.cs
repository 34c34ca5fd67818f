using System.Globalization;
using Momentary.Core.Signals;

namespace Momentary.Core.Rules.Triggers;

/// <summary>
/// A wearable trigger that fires when a reading reports a measure at or above <see cref="Threshold"/> (sedentary
/// minutes, steps): its one field is the threshold, its rules are matched by <see cref="WearableThresholdIndex"/>,
/// and its explanation is the measure against the threshold.
/// </summary>
/// <param name="threshold">The measure that sets it off.</param>
internal abstract class WearableThresholdTrigger(int threshold) : Trigger
{
    /// <summary>The measure that sets it off.</summary>
    public int Threshold => threshold;

    /// <summary>The names the explanation uses: the trigger's (<c>sedentary</c>) and its fact's (<c>sedentaryMinutes</c>).</summary>
    protected abstract (string Trigger, string Fact) Names { get; }

    /// <summary>The reading's value of the measure; <c>null</c> when the reading does not report it.</summary>
    public abstract int? Measure(WearableReading reading);

    /// <inheritdoc/>
    public sealed override string Explain(RuleScope scope)
    {
        var measured = Measure((WearableReading)scope.Input.Signal)!.Value;
        scope.Explanation.Fact(Names.Fact, measured.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $">= {threshold}"));
        scope.Explanation.Phrase(Phrase(measured));
        return Names.Trigger;
    }

    /// <summary>The explanation's sentence for the measured value: "you have walked 10000 steps".</summary>
    protected abstract string Phrase(int measured);

    /// <summary>The kind <paramref name="name"/> of <typeparamref name="T"/>, whose required <paramref name="field"/> is the threshold, a whole number from 1 to <paramref name="max"/>.</summary>
    protected static TriggerKind KindOf<T>(string name, string field, int max, Func<int, T> create)
        where T : WearableThresholdTrigger =>
        TriggerKind.Of(name, [field], t => t.Int(field, 1, max) is { } threshold ? create(threshold) : null, static (rules, _) => new WearableThresholdIndex(rules));
}
