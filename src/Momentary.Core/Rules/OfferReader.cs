using System.Globalization;
using Momentary.Core.Offers;
using Momentary.Core.Rules.Triggers;
using YamlDotNet.RepresentationModel;

namespace Momentary.Core.Rules;

/// <summary>Reads a rule's <c>offer:</c> block, reporting every problem located through the file's <see cref="YamlNodeReader"/>.</summary>
internal sealed class OfferReader
{
    private static readonly string[] OfferKeys = ["message", "percent", "amount", "currency", "priceMatch", "validFor", "stackable", "category", "value"];

    private readonly YamlNodeReader _r;
    private readonly YamlMappingNode _rule;
    private readonly string _what;
    private readonly string? _category;

    /// <summary>
    /// Starts reading the offer of <paramref name="rule"/> (<paramref name="what"/> in errors) with its <c>category</c>,
    /// before the rule's conditions are read, as the loader always has: errors on one (aliased) node keep their order.
    /// </summary>
    public OfferReader(YamlNodeReader r, YamlMappingNode rule, string what)
    {
        _r = r;
        _rule = rule;
        _what = what;
        _category = YamlNodeReader.Child(rule, "offer") is YamlMappingNode offer ? r.Scalar(offer, "category", $"the offer of {what}", false) : null;
    }

    /// <summary>
    /// Reads the rest of the offer; <paramref name="trigger"/> (<c>null</c> when invalid) decides whether a price match
    /// is allowed. <c>null</c> when the offer is missing, not a mapping, or lacks its message or validity.
    /// </summary>
    public RuleOffer? Read(Trigger? trigger)
    {
        var what = _what;
        var about = $"the offer of {what}";
        var offer = _r.Mapping(YamlNodeReader.Child(_rule, "offer"), about, OfferKeys);
        if (offer is null)
        {
            if (YamlNodeReader.Child(_rule, "offer") is null)
            {
                _r.Error(_rule, $"{what} is missing 'offer'");
            }

            return null;
        }

        var message = Message(_r, offer, about, what, required: true);

        var percent = _r.Decimal(offer, "percent", about, false, 0.01m, 100m);
        var amount = _r.Decimal(offer, "amount", about, false, 0.01m, 1_000_000m);
        if (percent is not null && amount is not null)
        {
            _r.Error(offer, $"the offer of {what} has both 'percent' and 'amount'", "choose one");
        }

        var priceMatch = _r.Bool(offer, "priceMatch", about) ?? false;
        if (priceMatch && (percent is not null || amount is not null))
        {
            _r.Error(offer, $"the offer of {what} has 'priceMatch' and a fixed discount", "a price match takes its value from the competitor's price; remove 'percent'/'amount'");
        }

        if (priceMatch && trigger is not { CarriesCompetitorPrice: true })
        {
            _r.Error(YamlNodeReader.Child(offer, "priceMatch")!, $"'priceMatch' in {what} needs a priceCheck trigger", "only a price check carries a competitor's price");
        }

        var discount = percent is { } p ? Discount.Percent(p)
            : amount is { } a ? new Discount(DiscountKind.Amount, a, _r.Scalar(offer, "currency", about, false) ?? "EUR")
            : new Discount(priceMatch ? DiscountKind.PriceMatch : DiscountKind.None, 0);
        var validFor = _r.Duration(offer, "validFor", about, required: true);
        var stackable = _r.Bool(offer, "stackable", about) ?? false;
        var value = _r.Decimal(offer, "value", about, false, 0m, 1_000_000m);
        return message is null || validFor is not { } valid ? null
            : new RuleOffer(message, discount, priceMatch, valid, DescribeValidity(valid), stackable, value is { } v ? (double)v : null, _category);
    }

    /// <summary>
    /// The <c>message</c> of <paramref name="map"/> (an offer or a variant), parsed; <c>null</c> when absent (reported
    /// when <paramref name="required"/>) or invalid (reported, with the placeholders as a hint).
    /// </summary>
    internal static MessageTemplate? Message(YamlNodeReader r, YamlMappingNode map, string about, string what, bool required)
    {
        var text = r.Scalar(map, "message", about, required);
        if (text is null)
        {
            return null;
        }

        var message = MessageTemplate.TryParse(text, out var problem);
        if (message is null)
        {
            r.Error(YamlNodeReader.Child(map, "message")!, $"message of {what}: {problem}", "placeholders: {" + string.Join("}, {", MessageTemplate.Placeholders) + "}");
        }

        return message;
    }

    /// <summary>A validity as the <c>{validFor}</c> placeholder shows it: <c>3 hours</c>, <c>1 day</c>, <c>30 minutes</c>.</summary>
    internal static string DescribeValidity(TimeSpan t)
    {
        if (t.Ticks % TimeSpan.TicksPerDay == 0)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{t.Days} {(t.Days == 1 ? "day" : "days")}");
        }

        return t.Ticks % TimeSpan.TicksPerHour == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalHours} {((int)t.TotalHours == 1 ? "hour" : "hours")}")
            : string.Create(CultureInfo.InvariantCulture, $"{(int)t.TotalMinutes} minutes");
    }
}
