using System.Globalization;
using Momentary.Core.Signals;

namespace Momentary.Core.Rules.Triggers;

/// <summary><c>steps: { atLeast }</c>: a wearable reports at least <see cref="AtLeast"/> steps (1-200,000).</summary>
internal sealed class StepsTrigger(int atLeast) : Trigger
{
    /// <summary>The <c>steps</c> kind.</summary>
    public static TriggerKind Kind { get; } = TriggerKind.Of(
        "steps",
        ["atLeast"],
        static t => t.Int("atLeast", 1, 200_000) is { } steps ? new StepsTrigger(steps) : null,
        static (rules, _) => new WearableThresholdIndex(rules, static t => ((StepsTrigger)t).AtLeast, static reading => reading.Steps));

    /// <summary>The steps that set it off.</summary>
    public int AtLeast => atLeast;

    /// <inheritdoc/>
    public override string Explain(RuleScope scope)
    {
        var steps = ((WearableReading)scope.Input.Signal).Steps!.Value;
        scope.Explanation.Fact("steps", steps.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $">= {atLeast}"));
        scope.Explanation.Phrase(string.Create(CultureInfo.InvariantCulture, $"you have walked {steps} steps"));
        return "steps";
    }
}
