using Momentary.Core.Geofencing;
using Momentary.Core.Rules.Tracing;

namespace Momentary.Core.Rules;

/// <summary>One rule's view of one signal: the input plus the venue that triggered it and values conditions computed for the message.</summary>
internal sealed class RuleScope
{
    public EvaluationInput Input { get; set; }

    public VenueProximity? Trigger { get; set; }

    /// <summary>The rule being evaluated (set by <see cref="CompiledRule.TryMatch"/> and <see cref="CompiledRule.Render"/> before its conditions run).</summary>
    public CompiledRule? Rule { get; set; }

    /// <summary>Friends counted by a friends condition or a friend check-in, for the <c>{friends}</c> placeholder.</summary>
    public int FriendsCount { get; set; }

    /// <summary>Days overdue, for routine rules' <c>{overdueDays}</c>.</summary>
    public int OverdueDays { get; set; }

    /// <summary>The referral code a share rule hands out.</summary>
    public string? ReferralCode { get; set; }

    public ExplanationBuilder Explanation { get; } = new();

    /// <summary>Whether conditions write their facts (rendering a chosen candidate) or only decide (matching).</summary>
    public bool Explaining { get; set; }

    /// <summary>Cache of the customer's local time (see <see cref="Conditions.LocalClock"/>): valid for this instant and zone id only.</summary>
    public DateTimeOffset LocalNowFor { get; set; } = DateTimeOffset.MinValue;

    public string? LocalZoneId { get; set; }

    public DateTime LocalNow { get; set; }

    /// <summary>The cached local time as <c>HH:mm</c>; cleared whenever <see cref="LocalNow"/> is recomputed.</summary>
    public string? LocalNowText { get; set; }

    /// <summary>The furthest any rule got while matching the current signal (set before matching; never reset per rule).</summary>
    public NoOfferReason Missed { get; set; }

    /// <summary>Records every rule's stop when a decision is traced; <c>null</c> (no cost beyond the check) otherwise.</summary>
    public DecisionTracer? Tracer { get; set; }

    /// <summary>Notes that a rule stopped at <paramref name="reason"/>.</summary>
    public void Miss(NoOfferReason reason)
    {
        if (reason > Missed)
        {
            Missed = reason;
        }
    }

    public void Reset(in EvaluationInput input, VenueProximity? trigger)
    {
        Input = input;
        Trigger = trigger;
        FriendsCount = 0;
        OverdueDays = 0;
        ReferralCode = null;
        Explanation.Clear();
    }
}
