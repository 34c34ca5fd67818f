namespace Momentary.Core.Context;

/// <summary>
/// A rule's offer the customer received (treatment) or was held out from (control), remembered until it would
/// have expired so that a redemption naming it, or a purchase in its category, counts as a conversion for the right
/// group — the basis of attribution and lift (docs/rules.md, "Holdout and lift", "Redemptions and attribution").
/// </summary>
/// <param name="RuleId">The rule.</param>
/// <param name="Category">The offer category a purchase must match.</param>
/// <param name="Until">End of the attribution window (the offer's expiry).</param>
/// <param name="Control">Held out (control group) rather than offered.</param>
/// <param name="From">
/// Start of the attribution window (the offer's issue time): an earlier purchase is not its conversion, even when it
/// is processed later (a replay after a crash or a rebalance). States written before this field existed read as
/// <see cref="DateTimeOffset.MinValue"/>: open since ever.
/// </param>
/// <param name="OfferId">The offer's id (the would-be offer's, for control), so a redemption naming it is attributed to it; <c>null</c> in states written before it was recorded.</param>
/// <param name="Converted">A conversion was already counted for it; it stays until it expires so a later redemption still finds its offer, but counts no second conversion.</param>
/// <param name="Variant">The rule's variant the offer (or would-be offer) was, so conversions count per variant; <c>null</c> when the rule has none.</param>
public sealed record OfferExposure(string RuleId, string Category, DateTimeOffset Until, bool Control, DateTimeOffset From = default, string? OfferId = null, bool Converted = false, string? Variant = null);
