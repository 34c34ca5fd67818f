namespace Momentary.Core.Signals;

/// <summary>What a customer did commercially.</summary>
public enum CommerceAction
{
    /// <summary>Scanned an item; carries the shelf price and, when known, a competitor's price.</summary>
    PriceCheck,

    /// <summary>Bought something; may carry the referral code it was bought through.</summary>
    Purchase,

    /// <summary>An offer was redeemed (from the redemptions topic): feeds conversion counts and propensities.</summary>
    Redemption,

    /// <summary>
    /// Written by the engine, not by apps (contract <c>referral-credit</c>): a friend's purchase through the customer's
    /// referral link credited them <c>price</c> (in <c>currency</c>). It reaches the sharer's own task, whose
    /// <c>referralCredit</c> rules may send them a notice with their earnings (docs/rules.md, "Referrals").
    /// </summary>
    ReferralCredit,
}
