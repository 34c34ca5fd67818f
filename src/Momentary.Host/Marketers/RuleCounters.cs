using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Momentary.Pipeline.Telemetry;

namespace Momentary.Host.Marketers;

/// <summary>
/// Live per-rule counters for the marketers' page, read from the engine's own metrics in process with a
/// <see cref="MeterListener"/> (nothing on the hot path changes: the pipeline's counters are recorded as they always
/// are, and this listener adds one slot increment per measurement) into a sliding window of 60 slots.
/// </summary>
internal sealed class RuleCounters : IDisposable
{
    private const int Slots = 60;

    // A redemption may name any rule: the windows kept are bounded, whatever the signals say.
    private const int MaxRules = 1024;

    // The pipeline instruments read, and what each counts (conversions are split by their group tag).
    private static readonly Dictionary<string, CounterKind> Instruments = new(StringComparer.Ordinal)
    {
        ["momentary.pipeline.offers"] = CounterKind.Issued,
        ["momentary.pipeline.offers_capped"] = CounterKind.Capped,
        ["momentary.pipeline.offers_held_out"] = CounterKind.HeldOut,
        ["momentary.pipeline.redemptions"] = CounterKind.Redeemed,
        ["momentary.pipeline.conversions"] = CounterKind.ConvertedTreatment,
    };

    private readonly ConcurrentDictionary<string, RuleWindow> _rules = new(StringComparer.Ordinal);
    private readonly MeterListener _listener = new();
    private readonly TimeProvider _time;

    public RuleCounters(TimeSpan window, TimeProvider time)
    {
        Window = window;
        _time = time;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PipelineTelemetry.Name && Instruments.TryGetValue(instrument.Name, out var kind))
            {
                listener.EnableMeasurementEvents(instrument, kind);
            }
        };
        _listener.SetMeasurementEventCallback<long>(OnMeasurement);
        _listener.Start();
    }

    /// <summary>How far back the counters look.</summary>
    public TimeSpan Window { get; }

    /// <summary>The counts of <paramref name="ruleId"/> over the window (all zero for a rule that counted nothing).</summary>
    public RuleCounts For(string ruleId)
    {
        var totals = _rules.TryGetValue(ruleId, out var window) ? window.Totals(_time.GetUtcNow()) : new long[Enum.GetValues<CounterKind>().Length];
        return RuleCounts.From(ruleId, totals);
    }

    public void Dispose() => _listener.Dispose();

    private void OnMeasurement(Instrument instrument, long value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
    {
        var kind = (CounterKind)state!;
        string? rule = null;
        foreach (var tag in tags)
        {
            if (tag.Key == "rule")
            {
                rule = tag.Value as string;
            }
            else if (kind == CounterKind.ConvertedTreatment && tag.Key == "group" && tag.Value is "control")
            {
                kind = CounterKind.ConvertedControl;
            }
        }

        if (rule is not null && (_rules.Count < MaxRules || _rules.ContainsKey(rule)))
        {
            _rules.GetOrAdd(rule, static (_, w) => new RuleWindow(w, Slots), Window).Add(kind, value, _time.GetUtcNow());
        }
    }
}
