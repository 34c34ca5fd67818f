namespace Momentary.Core.Context;

/// <summary>
/// A rule's offer the customer received (treatment) or was held out from (control), remembered until it would
/// have expired so that a purchase in its category counts as a conversion for the right group — the basis of
/// lift (docs/rules.md, "Holdout and lift").
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
public sealed record OfferExposure(string RuleId, string Category, DateTimeOffset Until, bool Control, DateTimeOffset From = default);
