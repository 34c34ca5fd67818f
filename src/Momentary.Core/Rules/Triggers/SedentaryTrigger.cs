using System.Globalization;
using Momentary.Core.Signals;

namespace Momentary.Core.Rules.Triggers;

/// <summary><c>sedentary: { minutes }</c>: a wearable reports at least that many minutes sitting (1-1440).</summary>
internal sealed class SedentaryTrigger(int minutes) : WearableThresholdTrigger(minutes)
{
    /// <summary>The <c>sedentary</c> kind.</summary>
    public static TriggerKind Kind { get; } = KindOf("sedentary", "minutes", 24 * 60, static minutes => new SedentaryTrigger(minutes));

    /// <inheritdoc/>
    protected override (string Trigger, string Fact) Names => ("sedentary", "sedentaryMinutes");

    /// <inheritdoc/>
    public override int? Measure(WearableReading reading) => reading.SedentaryMinutes;

    /// <inheritdoc/>
    protected override string Phrase(int measured) => string.Create(CultureInfo.InvariantCulture, $"you have been sitting for {measured} minutes");
}
