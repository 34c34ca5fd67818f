namespace Momentary.Core.Offers;

/// <summary>How an offer's value is expressed.</summary>
public enum DiscountKind
{
    /// <summary><see cref="Discount.Value"/> is a percentage off (20 means 20%).</summary>
    Percent,

    /// <summary><see cref="Discount.Value"/> is a fixed amount off, in <see cref="Discount.Currency"/>.</summary>
    Amount,

    /// <summary><see cref="Discount.Value"/> is the price the customer pays (a competitor's price matched).</summary>
    PriceMatch,

    /// <summary>No monetary value: a nudge or a greeting.</summary>
    None,
}
