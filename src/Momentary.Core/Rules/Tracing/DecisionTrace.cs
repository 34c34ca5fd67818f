using System.Globalization;

namespace Momentary.Core.Rules.Tracing;

/// <summary>
/// Why a signal earned the offers it did, or none: every rule of the book with how far it got and the values that
/// decided (docs/marketers.md, "Decision traces"). Built by the same code that makes the live decision, run with a
/// <see cref="DecisionTracer"/>, so the two cannot drift; computed only when asked for.
/// </summary>
public sealed record DecisionTrace
{
    /// <summary>The signal's id.</summary>
    public required string SignalId { get; init; }

    /// <summary>The signal's kind as the contract names it (<c>location</c>, <c>wearable</c>, ...).</summary>
    public required string Kind { get; init; }

    /// <summary>The signal's own timestamp.</summary>
    public required DateTimeOffset SignalAt { get; init; }

    /// <summary>The evaluation instant: the processing clock live, the signal's time in a back-test, <c>--at</c> when given.</summary>
    public required DateTimeOffset EvaluatedAt { get; init; }

    /// <summary>The offers issued, as <c>ruleId/offerId</c>, in arbitration order; empty when none.</summary>
    public required IReadOnlyList<string> Issued { get; init; }

    /// <summary>Why no offer was issued: the furthest any rule got; <see cref="NoOfferReason.None"/> when one was.</summary>
    public required NoOfferReason Reason { get; init; }

    /// <summary>One entry per rule evaluated (a rule about several venues of a ping once per venue), then the rules the signal did not trigger, in file order.</summary>
    public required IReadOnlyList<RuleTrace> Rules { get; init; }

    /// <summary>A note on the whole trace: what stopped evaluation before any rule (no profile, a dead letter), caps not checked; <c>null</c> when none.</summary>
    public string? Note { get; init; }

    /// <summary>One line: <c>offer: aurora-friends (of_...)</c>, or <c>no offer: quiet-hours</c>.</summary>
    public string Outcome => Issued.Count > 0 ? "offer: " + string.Join(", ", Issued) : "no offer: " + NoOfferReasons.Name(Reason);

    /// <summary>The trace as text lines: the header, the outcome, the note if any, then one line per rule.</summary>
    public IReadOnlyList<string> Lines()
    {
        var lines = new List<string>(Rules.Count + 3)
        {
            string.Create(CultureInfo.InvariantCulture, $"signal {SignalId} ({Kind}) at {SignalAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z, evaluated at {EvaluatedAt.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z"),
            Outcome,
        };
        if (Note is not null)
        {
            lines.Add(Note);
        }

        foreach (var rule in Rules)
        {
            lines.Add("  " + rule.Line);
        }

        return lines;
    }
}
