using System.Globalization;
using Momentary.Core.Context;
using Momentary.Core.Rules.Tracing;
using Momentary.Host.Explaining;
using Momentary.Pipeline.Processing;

namespace Momentary.Host.Marketers;

/// <summary>
/// "Why not" for the live engine: re-decides each of the customer's kept signals (<see cref="RecentSignals"/>) with the
/// production processor and tracing on, on the context the live decision saw, at the instant it was made, with the
/// rules in force now, and answers the live reservation outcomes for caps. Reads the live store only for what a
/// decision reads besides the context (friends' positions, referral earnings); writes nothing.
/// </summary>
internal sealed class WhyNotSource(RecentSignals recent, ICustomerContextStore store) : IWhyNotSource
{
    /// <inheritdoc />
    public async Task<WhyNotAnswer> ExplainAsync(string customerId, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        if (recent.Rules is not { } rules || recent.Geofencer is not { } geofencer)
        {
            return new WhyNotAnswer(customerId, []); // the engine has not started: nothing decided yet
        }

        var kept = recent.Of(customerId);
        var answers = new List<WhyNotSignal>(kept.Count);
        foreach (var decided in kept)
        {
            var readOnly = new ReadOnlyContextStore(store, decided.Context, LiveReservations(decided.Outcome));
            var trace = await SignalExplainer.ExplainAsync(decided.Signal, rules(), geofencer, recent.Settings, readOnly, decided.ProcessedAt, ct).ConfigureAwait(false);
            answers.Add(new WhyNotSignal(trace.Kind, trace.SignalAt, trace.Outcome, Lines(trace)));
        }

        return new WhyNotAnswer(customerId, answers);
    }

    /// <summary>The page's lines: the note, every rule the signal reached, and a count of those it did not trigger.</summary>
    public static IReadOnlyList<string> Lines(DecisionTrace trace)
    {
        ArgumentNullException.ThrowIfNull(trace);
        var lines = new List<string>(trace.Rules.Count + 2)
        {
            string.Create(CultureInfo.InvariantCulture, $"evaluated at {trace.EvaluatedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z (processing time)"),
        };
        if (trace.Note is not null)
        {
            lines.Add(trace.Note);
        }

        var silent = 0;
        foreach (var rule in trace.Rules)
        {
            if (rule.Stage == RuleStage.NotTriggered)
            {
                silent++;
            }
            else
            {
                lines.Add(rule.Line);
            }
        }

        if (silent > 0)
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{silent} other rule(s) not triggered by this signal"));
        }

        return lines;
    }

    // What the live reservations answered, by rule: a capped rule's outcome, an issued rule's grant.
    private static Dictionary<string, ReservationOutcome> LiveReservations(SignalOutcome outcome)
    {
        var decided = new Dictionary<string, ReservationOutcome>(StringComparer.Ordinal);
        foreach (var d in outcome.Decisions)
        {
            if (d.Kind == RuleDecisionKind.Issued)
            {
                decided[d.RuleId] = ReservationOutcome.Granted;
            }
            else if (d.Kind == RuleDecisionKind.Capped && Enum.TryParse<ReservationOutcome>(d.Detail, out var capped))
            {
                decided[d.RuleId] = capped;
            }
        }

        return decided;
    }
}
