using System.Globalization;
using Momentary.Core.Signals;

namespace Momentary.Core.Rules.Triggers;

/// <summary><c>steps: { atLeast }</c>: a wearable reports at least that many steps (1-200,000).</summary>
internal sealed class StepsTrigger(int atLeast) : WearableThresholdTrigger(atLeast)
{
    /// <summary>The <c>steps</c> kind.</summary>
    public static TriggerKind Kind { get; } = KindOf("steps", "atLeast", 200_000, static steps => new StepsTrigger(steps));

    /// <inheritdoc/>
    protected override (string Trigger, string Fact) Names => ("steps", "steps");

    /// <inheritdoc/>
    public override int? Measure(WearableReading reading) => reading.Steps;

    /// <inheritdoc/>
    protected override string Phrase(int measured) => string.Create(CultureInfo.InvariantCulture, $"you have walked {measured} steps");
}
