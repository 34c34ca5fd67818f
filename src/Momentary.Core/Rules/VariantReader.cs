using System.Globalization;
using Momentary.Core.Offers;
using YamlDotNet.RepresentationModel;

namespace Momentary.Core.Rules;

/// <summary>
/// Reads a rule's <c>variants:</c> — two to ten arms of an A/B test, each an <c>id</c>, a <c>share</c> of the customers
/// (adding up to 100%) and what it changes of the offer (<c>message</c>, <c>percent</c> or <c>amount</c> +
/// <c>currency</c>, <c>validFor</c>) — reporting every problem located.
/// </summary>
internal static class VariantReader
{
    private const int MaxVariants = 10;

    private static readonly string[] VariantKeys = ["id", "share", "message", "percent", "amount", "currency", "validFor"];

    /// <summary>The variants of <paramref name="rule"/> (empty without <c>variants:</c> or when invalid, reported through <paramref name="r"/>).</summary>
    public static RuleVariant[] Read(YamlNodeReader r, YamlMappingNode rule, string what, bool priceMatch)
    {
        var node = YamlNodeReader.Child(rule, "variants");
        if (node is null)
        {
            return [];
        }

        if (node is not YamlSequenceNode { Children.Count: >= 2 and <= MaxVariants } list)
        {
            r.Error(node, $"the variants of {what} must be a list of 2 to {MaxVariants} variants", "e.g. variants: [{ id: a, share: 50% }, { id: b, share: 50%, percent: 15 }]");
            return [];
        }

        var errorsBefore = r.Errors.Count;
        var variants = new List<RuleVariant>(list.Children.Count);
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var total = 0;
        foreach (var item in list.Children)
        {
            var map = r.Mapping(item, $"a variant of {what}", VariantKeys);
            if (map is null)
            {
                continue;
            }

            var id = r.Scalar(map, "id", $"a variant of {what}", required: true);
            var about = id is null ? $"a variant of {what}" : $"variant '{id}' of {what}";
            if (id is not null && !IsId(id))
            {
                r.Error(YamlNodeReader.Child(map, "id")!, $"the id of {about} may use only a-z, 0-9 and '-' (at most 32)", "e.g. a, b, short-copy");
            }
            else if (id is not null && !ids.Add(id))
            {
                r.Error(YamlNodeReader.Child(map, "id")!, $"duplicate variant id '{id}' in {what}", "variant ids must be unique within the rule");
            }

            var share = Share(r, map, about);
            total += share ?? 0;
            var message = OfferReader.Message(r, map, about, what, required: false);
            var discount = ReadDiscount(r, map, about, priceMatch);
            var validFor = r.Duration(map, "validFor", about, required: false);
            if (id is not null && share is not null)
            {
                variants.Add(new RuleVariant(id, total, message, discount, validFor, validFor is { } v ? OfferReader.DescribeValidity(v) : null));
            }
        }

        if (r.Errors.Count == errorsBefore && total != Holdout.Buckets)
        {
            r.Error(node, string.Create(CultureInfo.InvariantCulture, $"the variant shares of {what} add up to {total / 100m:0.##}%, not 100%"), "every customer of the rule gets exactly one variant");
        }

        return r.Errors.Count > errorsBefore ? [] : [.. variants];
    }

    // A share of customers, "50%" (up to two decimals), in basis points.
    private static int? Share(YamlNodeReader r, YamlMappingNode map, string about)
    {
        var text = r.Scalar(map, "share", about, required: true);
        if (text is null)
        {
            return null;
        }

        var number = text.EndsWith('%') ? text[..^1] : text;
        if (!decimal.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var percent) || percent < 0.01m || percent > 99.99m || decimal.Round(percent, 2) != percent)
        {
            r.Error(YamlNodeReader.Child(map, "share")!, $"the share of {about} must be a percentage from 0.01% to 99.99%, got '{text}'", "e.g. share: 50%");
            return null;
        }

        return (int)(percent * 100);
    }

    private static Discount? ReadDiscount(YamlNodeReader r, YamlMappingNode map, string about, bool priceMatch)
    {
        var percent = r.Decimal(map, "percent", about, false, 0.01m, 100m);
        var amount = r.Decimal(map, "amount", about, false, 0.01m, 1_000_000m);
        if (percent is not null && amount is not null)
        {
            r.Error(map, $"{about} has both 'percent' and 'amount'", "choose one");
            return null;
        }

        if (priceMatch && (percent is not null || amount is not null))
        {
            r.Error(map, $"{about} sets a discount on a price-match offer", "a price match takes its value from the competitor's price; vary the message only");
            return null;
        }

        return percent is { } p ? Discount.Percent(p)
            : amount is { } a ? new Discount(DiscountKind.Amount, a, r.Scalar(map, "currency", about, false) ?? "EUR")
            : null;
    }

    private static bool IsId(string id)
    {
        if (id.Length is 0 or > 32)
        {
            return false;
        }

        foreach (var c in id)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= '0' and <= '9') or '-'))
            {
                return false;
            }
        }

        return true;
    }
}
