using Momentary.Core.Offers;

namespace Momentary.Core.Rules;

/// <summary>A rule's validated <c>offer:</c> block (docs/rules.md, "Offer fields").</summary>
/// <param name="Message">The message, split into literals and placeholders.</param>
/// <param name="Discount">The configured discount: a percent, an amount, a price match (its value comes from the signal) or none.</param>
/// <param name="PriceMatch">Whether the offer matches a competitor's price (price-check rules only).</param>
/// <param name="ValidFor">How long the offer is valid from issue.</param>
/// <param name="ValidForText"><see cref="ValidFor"/> as messages say it: <c>3 hours</c>, <c>1 day</c>.</param>
/// <param name="Stackable">Whether it may join an exclusive offer (default <c>false</c>).</param>
/// <param name="Value">The money one redemption is worth, for expected-value arbitration; <c>null</c> when not set.</param>
/// <param name="Category">The offer category as set; <c>null</c> when it follows the trigger.</param>
internal sealed record RuleOffer(MessageTemplate Message, Discount Discount, bool PriceMatch, TimeSpan ValidFor, string ValidForText, bool Stackable, double? Value, string? Category);
