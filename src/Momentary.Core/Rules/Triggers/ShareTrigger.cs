using System.Globalization;
using Momentary.Core.Context;
using Momentary.Core.Signals;
using Momentary.Core.Venues;

namespace Momentary.Core.Rules.Triggers;

/// <summary>
/// <c>share: { rewardPercent, linkValidFor? }</c>: the customer shares a purchase (a <c>social</c> <c>share</c> with a
/// <c>purchaseId</c>). The offer carries a referral link that credits the sharer <see cref="RewardPercent"/> % of
/// purchases made through it for <see cref="LinkValidFor"/> (default 30d).
/// </summary>
internal sealed class ShareTrigger(decimal rewardPercent, TimeSpan linkValidFor) : Trigger
{
    /// <summary>The <c>share</c> kind.</summary>
    public static TriggerKind Kind { get; } = TriggerKind.Of("share", ["rewardPercent", "linkValidFor"], Read, static (rules, venues) => new ShareIndex(rules, venues));

    /// <summary>The sharer's reward on referred purchases, in percent (0.01-50).</summary>
    public decimal RewardPercent => rewardPercent;

    /// <summary>How long the link credits purchases, from the share.</summary>
    public TimeSpan LinkValidFor => linkValidFor;

    /// <inheritdoc/>
    public override string Explain(RuleScope scope)
    {
        scope.Explanation.Fact("rewardPercent", rewardPercent.ToString("0.##", CultureInfo.InvariantCulture));
        scope.Explanation.Phrase(string.Create(CultureInfo.InvariantCulture, $"you shared a purchase: earn {rewardPercent:0.##}% of what friends buy through your link"));
        return "share";
    }

    /// <summary>The link for the shared purchase: its code is deterministic in (sharer, purchase), so a replayed share hands out the same one.</summary>
    public override ReferralLink? Referral(RuleScope scope)
    {
        if (scope.Input.Signal is not SocialEvent { PurchaseId: { } purchaseId } signal)
        {
            return null;
        }

        scope.ReferralCode = Referrals.Code(signal.CustomerId, purchaseId);
        return new ReferralLink(scope.ReferralCode, signal.CustomerId, rewardPercent, signal.Timestamp + linkValidFor);
    }

    private static ShareTrigger? Read(TriggerReader t)
    {
        var reward = t.Decimal("rewardPercent", 0.01m, 50m);
        var linkValid = t.Duration("linkValidFor", required: false) ?? TimeSpan.FromDays(30);
        return reward is null ? null : new ShareTrigger(reward.Value, linkValid);
    }

    /// <summary>Every share rule fires on a share of a purchase, at the venue it names (when known).</summary>
    private sealed class ShareIndex(CompiledRule[] rules, IReadOnlyDictionary<string, Venue> venues) : SignalTriggerIndex
    {
        public override SignalKind Signal => SignalKind.Social;

        public override void Match(in EvaluationInput input, RuleScope scope, List<OfferCandidate> fired)
        {
            if (input.Signal is SocialEvent { Action: SocialAction.Share, PurchaseId: not null } share)
            {
                FireAll(rules, AtVenue(venues, share.VenueId), input, scope, fired);
            }
        }
    }
}
