using System.Globalization;
using Momentary.Core.Signals;

namespace Momentary.Core.Rules.Triggers;

/// <summary><c>sedentary: { minutes }</c>: a wearable reports at least <see cref="Minutes"/> minutes sitting (1-1440).</summary>
internal sealed class SedentaryTrigger(int minutes) : Trigger
{
    /// <summary>The <c>sedentary</c> kind.</summary>
    public static TriggerKind Kind { get; } = TriggerKind.Of(
        "sedentary",
        ["minutes"],
        static t => t.Int("minutes", 1, 24 * 60) is { } minutes ? new SedentaryTrigger(minutes) : null,
        static (rules, _) => new WearableThresholdIndex(rules, static t => ((SedentaryTrigger)t).Minutes, static reading => reading.SedentaryMinutes));

    /// <summary>The minutes sitting that set it off.</summary>
    public int Minutes => minutes;

    /// <inheritdoc/>
    public override string Explain(RuleScope scope)
    {
        var sitting = ((WearableReading)scope.Input.Signal).SedentaryMinutes!.Value;
        scope.Explanation.Fact("sedentaryMinutes", sitting.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $">= {minutes}"));
        scope.Explanation.Phrase(string.Create(CultureInfo.InvariantCulture, $"you have been sitting for {sitting} minutes"));
        return "sedentary";
    }
}
