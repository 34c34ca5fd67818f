namespace Momentary.Core.Offers;

/// <summary>An offer's value.</summary>
/// <param name="Kind">How <paramref name="Value"/> is read.</param>
/// <param name="Value">Percentage, amount or matched price, depending on <paramref name="Kind"/>.</param>
/// <param name="Currency">ISO 4217 code for amounts and prices; <c>null</c> for percentages.</param>
public sealed record Discount(DiscountKind Kind, decimal Value, string? Currency = null)
{
    /// <summary>A percentage discount.</summary>
    public static Discount Percent(decimal value) => new(DiscountKind.Percent, value);

    /// <summary>The contract's name of the kind: <c>percent</c>, <c>amount</c>, <c>price-match</c>, <c>none</c>.</summary>
    public string KindName => Kind switch
    {
        DiscountKind.Percent => "percent",
        DiscountKind.Amount => "amount",
        DiscountKind.PriceMatch => "price-match",
        _ => "none",
    };
}
