using Momentary.Core.Context;
using Momentary.Core.Messaging;
using Momentary.Core.Signals;
using Momentary.Pipeline.Telemetry;

namespace Momentary.Pipeline.Processing;

/// <summary>Commerce: purchases, redemptions and referral credits applied to the customer's state, with attribution.</summary>
public sealed partial class SignalProcessor
{
    // Purchases update the buying routine, convert open exposures (lift) and credit a referral; redemptions raise
    // the propensity of their category. Every effect is idempotent under replay except the routine's mean, which a
    // replayed purchase leaves alone (a purchase not newer than the last changes nothing).
    private async ValueTask<(CustomerState State, ReferralCredit? Credit, List<RuleDecision>? Decisions, RedemptionAttribution? Attribution)> ApplyCommerceAsync(CommerceEvent commerce, CustomerState state, CancellationToken ct)
    {
        switch (commerce.Action)
        {
            case CommerceAction.Purchase:
                ReferralCredit? credit = null;
                if (commerce.ReferralCode is { } code && commerce.Price is { } amount)
                {
                    credit = await _store.CreditReferralAsync(code, commerce.CustomerId, commerce.Id, amount, commerce.Timestamp, ct).ConfigureAwait(false);
                }

                var converted = new List<OfferExposure>();
                state = CustomerStateUpdates.AfterPurchase(state, commerce.Category, commerce.Timestamp, converted);
                List<RuleDecision>? decisions = null;
                foreach (var exposure in converted)
                {
                    var group = exposure.Control ? "control" : "treatment";
                    (decisions ??= []).Add(new RuleDecision(exposure.RuleId, RuleDecisionKind.Converted, group, exposure.Variant));
                    if (_measured)
                    {
                        PipelineTelemetry.CountForRule(PipelineTelemetry.Conversions, exposure.RuleId, exposure.Variant, new("group", group));
                    }
                }

                return (state, credit, decisions, null);
            case CommerceAction.Redemption:
                state = CustomerStateUpdates.AfterRedemption(state, commerce.OfferId!, commerce.RuleId!, commerce.Category, commerce.Timestamp, out var attribution);
                if (_measured)
                {
                    PipelineTelemetry.CountForRule(PipelineTelemetry.Redemptions, attribution.RuleId, attribution.Variant, new("attribution", attribution.MethodName));
                    if (attribution.Converted)
                    {
                        PipelineTelemetry.CountForRule(PipelineTelemetry.Conversions, attribution.RuleId, attribution.Variant, new("group", "treatment"));
                    }
                }

                List<RuleDecision> redeemed = [new RuleDecision(attribution.RuleId, RuleDecisionKind.Redeemed, attribution.MethodName, attribution.Variant)];
                if (attribution.Converted)
                {
                    redeemed.Add(new RuleDecision(attribution.RuleId, RuleDecisionKind.Converted, "treatment", attribution.Variant));
                }

                return (state, null, redeemed, attribution);
            default:
                return (state, null, null, null);
        }
    }

    // A purchase through a referral link credited the sharer: tell the sharer's own task (one writer per customer), as
    // a referral-credit signal keyed by them. Written again when the purchase is replayed (the credit itself is not
    // repeated): its id is derived from the purchase's, so the sharer's notice keeps one offer id and spends no cap twice.
    private OutboundRecord ReferralNotice(CommerceEvent purchase, ReferralCredit credit)
    {
        var signal = new CommerceEvent
        {
            Id = "rc-" + (purchase.Id.Length <= SignalCodec.MaxIdLength - 3 ? purchase.Id : Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(purchase.Id)))),
            CustomerId = credit.SharerId,
            Timestamp = purchase.Timestamp,
            Action = CommerceAction.ReferralCredit,
            Price = credit.Credited,
            Currency = purchase.Currency ?? "EUR",
            ReferralCode = purchase.ReferralCode,
        };
        return new OutboundRecord(_settings.ReferralCreditTopic, credit.SharerId, SignalCodec.Encode(signal), []);
    }
}
