using Momentary.Core.Signals;

namespace Momentary.Core.Rules.Triggers;

/// <summary>
/// Rules of a wearable trigger kind with a threshold (sedentary minutes, steps): on a reading that reports the
/// measure, every rule whose threshold it reaches fires. Thresholds are copied into an array once, so a reading
/// costs one comparison per rule.
/// </summary>
internal sealed class WearableThresholdIndex : TriggerIndex
{
    private readonly CompiledRule[] _rules;
    private readonly int[] _thresholds;
    private readonly Func<WearableReading, int?> _measure;

    /// <summary>Indexes <paramref name="rules"/> by <paramref name="threshold"/>; <paramref name="measure"/> reads a reading's value (<c>null</c>: not reported).</summary>
    public WearableThresholdIndex(CompiledRule[] rules, Func<Trigger, int> threshold, Func<WearableReading, int?> measure)
    {
        _rules = rules;
        _thresholds = [.. rules.Select(r => threshold(r.Trigger))];
        _measure = measure;
    }

    /// <inheritdoc/>
    public override SignalKind Signal => SignalKind.Wearable;

    /// <inheritdoc/>
    public override void Match(in EvaluationInput input, RuleScope scope, List<OfferCandidate> fired)
    {
        if (input.Signal is not WearableReading reading || _measure(reading) is not { } measured)
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
