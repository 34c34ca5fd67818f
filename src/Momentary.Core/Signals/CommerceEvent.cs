namespace Momentary.Core.Signals;

/// <summary>A commerce event: a price check or a purchase. Amounts are in <see cref="Currency"/>.</summary>
public sealed record CommerceEvent : Signal
{
    /// <summary>What happened: a price check, a purchase or a redemption (contract <c>action</c>).</summary>
    public required CommerceAction Action { get; init; }

    /// <summary>The venue it happened at, when known; a price check's offer is about this venue.</summary>
    public string? VenueId { get; init; }

    /// <summary>The item's stock-keeping unit, when reported; names a price check's trigger (<c>price-check:SKU</c>).</summary>
    public string? Sku { get; init; }

    /// <summary>Product category (e.g. <c>fashion</c>, <c>grocery</c>), used by routine rules.</summary>
    public string? Category { get; init; }

    /// <summary>Shelf price (price check) or amount paid (purchase).</summary>
    public decimal? Price { get; init; }

    /// <summary>The lowest competitor price seen for the same item, for price checks.</summary>
    public decimal? CompetitorPrice { get; init; }

    /// <summary>ISO 4217 code; defaults to EUR when absent.</summary>
    public string? Currency { get; init; }

    /// <summary>The referral code a purchase was made through, if any.</summary>
    public string? ReferralCode { get; init; }

    /// <summary>The redeemed offer's id (redemptions).</summary>
    public string? OfferId { get; init; }

    /// <summary>The rule of the redeemed offer (redemptions).</summary>
    public string? RuleId { get; init; }

    /// <summary>Always <see cref="SignalKind.Commerce"/>: the contract's <c>commerce</c>.</summary>
    public override SignalKind Kind => SignalKind.Commerce;
}
