using System.Globalization;
using Momentary.Core.Context;
using Momentary.Core.Signals;

namespace Momentary.Core.Rules.Tracing;

/// <summary>
/// Collects a <see cref="DecisionTrace"/> while a signal is decided: the rule book reports every rule's stop
/// (<see cref="RuleBook.Match(in EvaluationInput, List{OfferCandidate}, DecisionTracer?)"/>), the processor reports
/// arbitration, holdout and caps. One per traced signal; evaluation without one pays a null check and nothing else.
/// </summary>
public sealed class DecisionTracer
{
    private readonly List<Entry> _entries = [];
    private readonly List<string> _issued = [];
    private string? _note;

    /// <summary>Notes that the trigger fired for a signal older than the rule allows.</summary>
    internal void Stale(CompiledRule rule, RuleScope scope, TimeSpan age) =>
        Add(rule, scope, RuleStage.Stale, NoOfferReason.Stale, $"the signal is {DurationText.Approximate(age)} old; the rule's freshFor is {DurationText.Format(rule.FreshFor)}");

    /// <summary>Notes the first condition of the rule that failed, in words with the values it compared.</summary>
    internal void Failed(CompiledRule rule, RuleCondition condition, RuleScope scope) =>
        Add(rule, scope, RuleStage.ConditionFailed, condition.Reason, condition.Failure(scope));

    /// <summary>Notes that the rule's trigger and conditions held: a candidate for arbitration.</summary>
    internal void Matched(CompiledRule rule, RuleScope scope) =>
        Add(rule, scope, RuleStage.Matched, NoOfferReason.None, "trigger and conditions held");

    /// <summary>Records that nothing could be evaluated (no profile, a dead letter): the trace says so instead of listing rules.</summary>
    public void Stopped(string note) => _note = note;

    /// <summary>Notes that arbitration chose <paramref name="winners"/> over <paramref name="loser"/>.</summary>
    public void Outranked(OfferCandidate loser, IReadOnlyList<OfferCandidate> winners)
    {
        ArgumentNullException.ThrowIfNull(loser);
        ArgumentNullException.ThrowIfNull(winners);
        var names = new List<string>(winners.Count);
        var exclusiveChosen = false;
        foreach (var w in winners)
        {
            names.Add(string.Create(CultureInfo.InvariantCulture, $"{w.RuleId} (priority {w.Priority}, expected value {w.ExpectedValue:0.###})"));
            exclusiveChosen |= !w.Stackable;
        }

        // The arbiter's two limits: one exclusive (non-stackable) offer per signal, and maxOffersPerSignal in all.
        var why = !loser.Stackable && exclusiveChosen ? "only one exclusive offer per signal" : "the per-signal maximum (maxOffersPerSignal) was reached";
        Update(loser, RuleStage.Outranked, NoOfferReason.None, string.Create(CultureInfo.InvariantCulture, $"lost arbitration (priority {loser.Priority}, expected value {loser.ExpectedValue:0.###}) to {string.Join(", ", names)}: {why}"));
    }

    /// <summary>Notes that the chosen <paramref name="candidate"/> was held out: the customer is in the rule's control group.</summary>
    public void HeldOut(OfferCandidate candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var share = candidate.Source?.HoldoutBasisPoints ?? 0;
        Update(candidate, RuleStage.HeldOut, NoOfferReason.HeldOut, string.Create(CultureInfo.InvariantCulture, $"chosen, but the customer is in the control group ({share / 100.0:0.##}% of customers are held out of this rule): recorded, not sent"));
    }

    /// <summary>Notes that a cap denied the chosen <paramref name="candidate"/>, with its limit and, from the customer's state, when it frees up.</summary>
    public void Capped(OfferCandidate candidate, ReservationOutcome outcome, CustomerState state, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(state);
        Update(candidate, RuleStage.Capped, NoOfferReasons.Of(outcome), "chosen, but " + CapText.Describe(outcome, candidate, state, now));
    }

    /// <summary>Notes that the chosen <paramref name="candidate"/> was issued as <paramref name="offerId"/>.</summary>
    public void Issued(OfferCandidate candidate, string offerId)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        _issued.Add(candidate.RuleId + "/" + offerId);
        Update(candidate, RuleStage.Issued, NoOfferReason.None, "issued as " + offerId);
    }

    /// <summary>The trace: the entries recorded, then every other rule of <paramref name="book"/> as not triggered.</summary>
    public DecisionTrace Build(RuleBook book, Signal signal, DateTimeOffset evaluatedAt, NoOfferReason reason)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(signal);
        var rules = new List<RuleTrace>(_entries.Count + book.RuleIds.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var e in _entries)
        {
            rules.Add(new RuleTrace(e.RuleId, e.Stage, e.Reason, e.VenueId, e.Detail));
            seen.Add(e.RuleId);
        }

        if (_note is null)
        {
            foreach (var id in book.RuleIds)
            {
                if (!seen.Contains(id))
                {
                    rules.Add(new RuleTrace(id, RuleStage.NotTriggered, NoOfferReason.NoRuleMatched, null, book.TriggerText(id) + " did not fire for this signal"));
                }
            }
        }

        return new DecisionTrace
        {
            SignalId = signal.Id,
            Kind = SignalCodec.KindName(signal.Kind),
            SignalAt = signal.Timestamp,
            EvaluatedAt = evaluatedAt,
            Issued = [.. _issued],
            Reason = _issued.Count > 0 ? NoOfferReason.None : reason,
            Rules = rules,
            Note = _note,
        };
    }

    private void Add(CompiledRule rule, RuleScope scope, RuleStage stage, NoOfferReason reason, string detail) =>
        _entries.Add(new Entry(rule.Id, scope.Trigger?.Venue.Id, stage, reason, detail));

    private void Update(OfferCandidate candidate, RuleStage stage, NoOfferReason reason, string detail)
    {
        var venueId = candidate.Venue?.Id;
        foreach (var e in _entries)
        {
            if (e.Stage == RuleStage.Matched && string.Equals(e.RuleId, candidate.RuleId, StringComparison.Ordinal) && string.Equals(e.VenueId, venueId, StringComparison.Ordinal))
            {
                e.Stage = stage;
                e.Reason = reason;
                e.Detail = detail;
                return;
            }
        }

        _entries.Add(new Entry(candidate.RuleId, venueId, stage, reason, detail));
    }

    private sealed class Entry(string ruleId, string? venueId, RuleStage stage, NoOfferReason reason, string detail)
    {
        public string RuleId { get; } = ruleId;

        public string? VenueId { get; } = venueId;

        public RuleStage Stage { get; set; } = stage;

        public NoOfferReason Reason { get; set; } = reason;

        public string Detail { get; set; } = detail;
    }
}
