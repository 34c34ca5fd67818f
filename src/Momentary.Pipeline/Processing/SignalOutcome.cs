using Momentary.Core.Context;
using Momentary.Core.Messaging;
using Momentary.Core.Offers;
using Momentary.Core.Rules;
using Momentary.Core.Rules.Tracing;

namespace Momentary.Pipeline.Processing;

/// <summary>The result of processing one inbound record: the records to produce before its offset may be committed.</summary>
/// <param name="Kind">Offer(s), no offer, or dead letter.</param>
/// <param name="Outbound">Records to produce (offers or one dead letter); empty for <see cref="SignalOutcomeKind.NoOffer"/>.</param>
/// <param name="Offers">The offers issued (also encoded in <paramref name="Outbound"/>), for tests, back-tests and metrics.</param>
public sealed record SignalOutcome(SignalOutcomeKind Kind, IReadOnlyList<OutboundRecord> Outbound, IReadOnlyList<Offer> Offers)
{
    /// <summary>What happened to each rule that fired (and effects attributed to rules); empty when no rule was involved.</summary>
    public IReadOnlyList<RuleDecision> Decisions { get; init; } = [];

    /// <summary>The referral credit a purchase earned its sharer, if any.</summary>
    public ReferralCredit? ReferralCredit { get; init; }

    /// <summary>Why no offer was issued (<see cref="SignalOutcomeKind.NoOffer"/>); <see cref="NoOfferReason.None"/> otherwise.</summary>
    public NoOfferReason Reason { get; init; }

    /// <summary>Where a redemption was attributed and how (docs/rules.md, "Redemptions and attribution"); <c>null</c> for other signals.</summary>
    public RedemptionAttribution? Redemption { get; init; }

    /// <summary>
    /// The decision trace: every rule, how far it got and the values that decided; <c>null</c> unless the processor
    /// traces (<see cref="SignalProcessor.TraceDecisions"/>), and for dead letters.
    /// </summary>
    public DecisionTrace? Trace { get; init; }

    /// <summary>A processed signal that produced nothing.</summary>
    public static SignalOutcome NoOffer { get; } = new(SignalOutcomeKind.NoOffer, [], []);

    private static readonly SignalOutcome[] ByReason = [.. Enum.GetValues<NoOfferReason>().Select(r => new SignalOutcome(SignalOutcomeKind.NoOffer, [], []) { Reason = r })];

    /// <summary>A processed signal that produced nothing, for <paramref name="reason"/> (one shared instance per reason).</summary>
    public static SignalOutcome NoOfferBecause(NoOfferReason reason) => (uint)reason < (uint)ByReason.Length ? ByReason[(int)reason] : NoOffer;
}
