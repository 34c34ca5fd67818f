using System.Globalization;
using System.Text;
using Momentary.Core.Context;
using Momentary.Core.Rules;
using Momentary.Core.Rules.Tracing;
using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;
using Momentary.Host.Backtesting;
using Momentary.Pipeline.Processing;

namespace Momentary.Host.Explaining;

/// <summary>
/// <c>momentary explain</c>: the decision traces of one customer's signals. With a context file the whole signal file
/// is replayed like <c>rules backtest</c> (every customer's signals, in event time, so state such as dwell, revisits and
/// friends' check-ins builds up as it would have), tracing the customer's; with a live store each signal is decided on
/// the customer's current context, read only.
/// </summary>
internal static class Explainer
{
    /// <summary>
    /// Traces <paramref name="customerId"/>'s signals in <paramref name="signals"/> (only <paramref name="signalId"/>
    /// when given), replaying the file on the context of <paramref name="contextNdjson"/>. Without
    /// <paramref name="at"/> each is evaluated at its own time; with it, each traced signal is explained by a replay of
    /// the file moved in time (every signal by the same offset, so their spacing is kept) so that it arrives at
    /// <paramref name="at"/> — as if it had been sent live then.
    /// </summary>
    public static async Task<IReadOnlyList<DecisionTrace>> FromFilesAsync(RuleBook rules, VenueCatalog venues, string contextNdjson, IReadOnlyList<Signal> signals, string customerId, string? signalId, DateTimeOffset? at, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(signals);
        var targets = Targets(signals, customerId, signalId);
        if (at is not { } when)
        {
            var report = await Backtester.RunAsync(rules, venues, new StringReader(contextNdjson), new StringReader(Ndjson(signals, TimeSpan.Zero)), ct, trace: true).ConfigureAwait(false);
            var wanted = new HashSet<string>(targets.Select(t => t.Id), StringComparer.Ordinal);
            return [.. report.Traces.Where(t => wanted.Contains(t.SignalId)).Select(t => t with { Note = SignalExplainer.Join("evaluated at the signal's own time, like rules backtest (--at moves it)", t.Note) })];
        }

        var traces = new List<DecisionTrace>(targets.Count);
        foreach (var target in targets)
        {
            var offset = when - target.Timestamp;
            var report = await Backtester.RunAsync(rules, venues, new StringReader(contextNdjson), new StringReader(Ndjson(signals, offset)), ct, trace: true).ConfigureAwait(false);
            var moved = report.Traces.First(t => string.Equals(t.SignalId, target.Id, StringComparison.Ordinal));
            var note = string.Create(CultureInfo.InvariantCulture, $"--at: every signal in the file was moved by {Offset(offset)} so this one arrives at {when.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z (spacing kept) and is evaluated then");
            traces.Add(moved with { Note = SignalExplainer.Join(note, moved.Note) });
        }

        return traces;
    }

    /// <summary>
    /// Traces the customer's signals against the live <paramref name="store"/>, read only: each is decided on the
    /// customer's context as the store holds it now, at <paramref name="at"/> (default: the signal's own time).
    /// </summary>
    public static async Task<IReadOnlyList<DecisionTrace>> FromStoreAsync(RuleBook rules, VenueCatalog venues, ICustomerContextStore store, IReadOnlyList<Signal> signals, string customerId, string? signalId, DateTimeOffset? at, CancellationToken ct)
    {
        var geofencer = new Geofencer(FenceIndex.Build(venues), new GeofenceSettings());
        var traces = new List<DecisionTrace>();
        foreach (var signal in Targets(signals, customerId, signalId))
        {
            var when = at ?? signal.Timestamp;
            var trace = await SignalExplainer.ExplainAsync(signal, rules, geofencer, new PipelineSettings(), new ReadOnlyContextStore(store), when, ct).ConfigureAwait(false);
            var clock = at is null ? "evaluated at the signal's own time (--at sets the clock)" : "evaluated at --at";
            traces.Add(trace with { Note = SignalExplainer.Join(clock + "; on the customer's context in the store now, read only", trace.Note) });
        }

        return traces;
    }

    /// <summary>
    /// The signals in <paramref name="text"/>: NDJSON signals, one per line (a single signal's JSON is one line). Lines that do not decode are returned as problems, <c>line N: kind: message</c>.
    /// </summary>
    public static (List<Signal> Signals, List<string> Problems) ReadSignals(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var signals = new List<Signal>();
        var problems = new List<string>();
        var lineNumber = 0;
        foreach (var line in text.Split('\n'))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            if (SignalCodec.TryDecode(Encoding.UTF8.GetBytes(line.TrimEnd('\r')), out var signal, out var error))
            {
                signals.Add(signal!);
            }
            else
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}: {error!.Kind}: {error.Message}"));
            }
        }

        return (signals, problems);
    }

    private static List<Signal> Targets(IReadOnlyList<Signal> signals, string customerId, string? signalId) =>
        [.. signals.Where(s => string.Equals(s.CustomerId, customerId, StringComparison.Ordinal) && (signalId is null || string.Equals(s.Id, signalId, StringComparison.Ordinal))).OrderBy(s => s.Timestamp)];

    private static string Ndjson(IReadOnlyList<Signal> signals, TimeSpan offset)
    {
        var text = new StringBuilder();
        foreach (var signal in signals)
        {
            text.Append(Encoding.UTF8.GetString(SignalCodec.Encode(offset == TimeSpan.Zero ? signal : signal with { Timestamp = signal.Timestamp + offset }))).Append('\n');
        }

        return text.ToString();
    }

    private static string Offset(TimeSpan offset) => (offset < TimeSpan.Zero ? "-" : "+") + DurationText.Approximate(offset.Duration());
}
