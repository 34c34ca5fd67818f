using Momentary.Core.Signals;

namespace Momentary.Core.Rules.Triggers;

/// <summary>
/// Rules of one <see cref="WearableThresholdTrigger"/> kind: on a reading that reports the measure, every rule whose
/// threshold it reaches fires. Thresholds are copied into an array once, so a reading costs one comparison per rule.
/// </summary>
internal sealed class WearableThresholdIndex : SignalTriggerIndex
{
    private readonly CompiledRule[] _rules;
    private readonly int[] _thresholds;
    private readonly WearableThresholdTrigger _kind;

    /// <summary>Indexes <paramref name="rules"/> (at least one, all of one kind) by threshold.</summary>
    public WearableThresholdIndex(CompiledRule[] rules)
    {
        _rules = rules;
        _thresholds = [.. rules.Select(r => ((WearableThresholdTrigger)r.Trigger).Threshold)];
        _kind = (WearableThresholdTrigger)rules[0].Trigger;
    }

    /// <inheritdoc/>
    public override SignalKind Signal => SignalKind.Wearable;

    /// <inheritdoc/>
    public override void Match(in EvaluationInput input, RuleScope scope, List<OfferCandidate> fired)
    {
        if (input.Signal is not WearableReading reading || _kind.Measure(reading) is not { } measured)
        {
            return;
        }

        for (var i = 0; i < _rules.Length; i++)
        {
            if (measured >= _thresholds[i])
            {
                scope.Reset(input, null);
                _rules[i].Fire(scope, fired);
            }
        }
    }
}
