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
}
