using Momentary.Core.Offers;

namespace Momentary.Core.Rules;

/// <summary>
/// One arm of a rule's A/B test (docs/rules.md, "Offer variants"): its id, its slice of the variant buckets, and what it
/// changes of the rule's offer (unset: as the offer says).
/// </summary>
/// <param name="Id">The variant's id, unique within the rule; offers, exposures and metrics carry it.</param>
/// <param name="UpperBucket">The exclusive upper end of its slice of <see cref="Holdout.VariantBucket"/>: the running sum of shares in basis points.</param>
/// <param name="Message">Its message, when it has its own.</param>
/// <param name="Discount">Its discount, when it has its own.</param>
/// <param name="ValidFor">Its validity, when it has its own.</param>
/// <param name="ValidForText">Its validity as <c>{validFor}</c> shows it, when it has its own.</param>
internal sealed record RuleVariant(string Id, int UpperBucket, MessageTemplate? Message, Discount? Discount, TimeSpan? ValidFor, string? ValidForText)
{
    /// <summary>The variant of <paramref name="variants"/> (non-empty, shares adding up to 100%) that <paramref name="customerId"/> gets from rule <paramref name="ruleId"/>.</summary>
    public static RuleVariant Pick(RuleVariant[] variants, string ruleId, string customerId)
    {
        var bucket = Holdout.VariantBucket(ruleId, customerId);
        foreach (var variant in variants)
        {
            if (bucket < variant.UpperBucket)
            {
                return variant;
            }
        }

        return variants[^1];
    }
}
