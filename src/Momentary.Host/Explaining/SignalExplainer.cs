using Momentary.Core.Messaging;
using Momentary.Core.Rules;
using Momentary.Core.Rules.Tracing;
using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;
using Momentary.Host.Backtesting;
using Momentary.Pipeline.Processing;

namespace Momentary.Host.Explaining;

/// <summary>
/// Explains one signal with the production <see cref="SignalProcessor"/> — admission, geofencing, matching,
/// arbitration, holdout and caps — run with tracing on, against a <see cref="ReadOnlyContextStore"/> and a clock
/// stopped at the evaluation instant. The same code as the live decision, so the explanation cannot drift from it.
/// </summary>
internal static class SignalExplainer
{
    /// <summary>
    /// The decision trace of <paramref name="signal"/> evaluated at <paramref name="at"/>; when the processor would
    /// dead-letter it (e.g. too far ahead of <paramref name="at"/>), a trace whose note says why.
    /// </summary>
    public static async Task<DecisionTrace> ExplainAsync(Signal signal, RuleBook rules, Geofencer geofencer, PipelineSettings settings, ReadOnlyContextStore store, DateTimeOffset at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signal);
        ArgumentNullException.ThrowIfNull(store);
        var processor = new SignalProcessor(store, () => rules, geofencer, new EventClock(at), settings) { RecordMetrics = false, TraceDecisions = true };
        var outcome = await processor.ProcessAsync(new InboundRecord("explain", 0, 0, signal.CustomerId, SignalCodec.Encode(signal), at), ct).ConfigureAwait(false);
        var trace = outcome.Trace ?? Rejected(signal, at, Backtester.DeadLetterReason(outcome));
        return store.Unchecked.Count == 0 ? trace : trace with { Note = Join(trace.Note, UncheckedNote(store.Unchecked)) };
    }

    /// <summary>The trace of a signal the processor refused (a dead letter): no rule was evaluated, the note says why.</summary>
    public static DecisionTrace Rejected(Signal signal, DateTimeOffset at, string why)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return new DecisionTrace
        {
            SignalId = signal.Id,
            Kind = SignalCodec.KindName(signal.Kind),
            SignalAt = signal.Timestamp,
            EvaluatedAt = at,
            Issued = [],
            Reason = NoOfferReason.None,
            Rules = [],
            Note = "rejected before any rule ran (a dead letter): " + why,
        };
    }

    /// <summary>Two notes as one line; either may be missing.</summary>
    public static string? Join(string? first, string? second) => first is null ? second : second is null ? first : first + "; " + second;

    private static string UncheckedNote(IReadOnlyList<string> rules) =>
        $"caps not checked for {string.Join(", ", rules)}: an explanation never spends a cap in the live store, so 'issued' means the rules chose it";
}
