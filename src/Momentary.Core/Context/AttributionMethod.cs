namespace Momentary.Core.Context;

/// <summary>How a redemption was attributed to an offer (docs/rules.md, "Redemptions and attribution").</summary>
public enum AttributionMethod
{
    /// <summary>The redemption named the <c>offerId</c> of an offer the customer holds: its rule and variant, exactly.</summary>
    Offer,

    /// <summary>No offer by that id (unknown, or issued before offer ids were recorded): the newest open offer in the redemption's category.</summary>
    CategoryWindow,

    /// <summary>Neither: the redemption counts for the rule it names, as reported by the app.</summary>
    NamedRule,
}
