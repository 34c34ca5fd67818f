namespace Momentary.Core.Context;

/// <summary>Where a redemption was attributed, and how (docs/rules.md, "Redemptions and attribution").</summary>
/// <param name="Method">Which attribution applied: by offer id first, else by category window, else the named rule.</param>
/// <param name="RuleId">The rule credited with the redemption.</param>
/// <param name="Category">The category whose propensity it raises.</param>
/// <param name="OfferId">The offer attributed (the id the redemption named when <see cref="AttributionMethod.Offer"/>); <c>null</c> for <see cref="AttributionMethod.NamedRule"/>.</param>
/// <param name="Variant">The offer variant attributed, when the rule has variants; <c>null</c> otherwise.</param>
/// <param name="Converted">This redemption counted the offer's treatment conversion (no purchase had converted it yet).</param>
public sealed record RedemptionAttribution(AttributionMethod Method, string RuleId, string Category, string? OfferId, string? Variant, bool Converted)
{
    /// <summary>The method as documents and metrics name it: <c>offer</c>, <c>category-window</c>, <c>named-rule</c>.</summary>
    public string MethodName => Method switch
    {
        AttributionMethod.Offer => "offer",
        AttributionMethod.CategoryWindow => "category-window",
        _ => "named-rule",
    };
}
