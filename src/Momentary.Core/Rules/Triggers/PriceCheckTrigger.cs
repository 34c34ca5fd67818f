using System.Globalization;
using Momentary.Core.Signals;
using Momentary.Core.Venues;
using YamlDotNet.RepresentationModel;

namespace Momentary.Core.Rules.Triggers;

/// <summary>
/// <c>priceCheck: { maxGapPercent?, maxGapAmount?, floor? }</c>: a price check whose <c>competitorPrice</c> is lower
/// than its <c>price</c>, by no more than the guards allow; the only trigger a price match may use. The guards keep a
/// mistyped or unrelated competitor price from being matched: the gap (shelf − competitor) at most
/// <see cref="MaxGapPercent"/> % of the shelf price and at most <see cref="MaxGapAmount"/>, and the competitor's price
/// at least <see cref="Floor"/> (amounts in the signal's currency). Each is optional; none: any lower price.
/// </summary>
internal sealed class PriceCheckTrigger(decimal? maxGapPercent = null, decimal? maxGapAmount = null, decimal? floor = null) : Trigger
{
    private static readonly string[] FieldNames = ["maxGapPercent", "maxGapAmount", "floor"];

    /// <summary>The <c>priceCheck</c> kind.</summary>
    public static TriggerKind Kind { get; } = new PriceCheckKind();

    /// <summary>The largest gap, in percent of the shelf price; <c>null</c>: no limit.</summary>
    public decimal? MaxGapPercent => maxGapPercent;

    /// <summary>The largest gap, in money; <c>null</c>: no limit.</summary>
    public decimal? MaxGapAmount => maxGapAmount;

    /// <summary>The lowest competitor's price that is matched; <c>null</c>: no floor.</summary>
    public decimal? Floor => floor;

    /// <inheritdoc/>
    public override bool CarriesCompetitorPrice => true;

    /// <summary>Whether a competitor's price lower than the shelf price is within the guards.</summary>
    public bool Accepts(decimal price, decimal competitor)
    {
        var gap = price - competitor;
        return (maxGapAmount is not { } amount || gap <= amount)
            && (maxGapPercent is not { } percent || gap * 100 <= percent * price)
            && (floor is not { } lowest || competitor >= lowest);
    }

    /// <inheritdoc/>
    public override string Explain(RuleScope scope)
    {
        var check = (CommerceEvent)scope.Input.Signal;
        var (price, competitor) = (check.Price!.Value, check.CompetitorPrice!.Value);
        var e = scope.Explanation;
        e.Fact("shelfPrice", price.ToString("0.00", CultureInfo.InvariantCulture));
        e.Fact("competitorPrice", competitor.ToString("0.00", CultureInfo.InvariantCulture), floor is { } f ? string.Create(CultureInfo.InvariantCulture, $"< shelf price, >= {f:0.00}") : "< shelf price");
        if (maxGapPercent is not null || maxGapAmount is not null)
        {
            var gap = price - competitor;
            var limits = string.Join(" and ", new[] { maxGapPercent is { } p ? string.Create(CultureInfo.InvariantCulture, $"<= {p:0.##}%") : null, maxGapAmount is { } a ? string.Create(CultureInfo.InvariantCulture, $"<= {a:0.00}") : null }.OfType<string>());
            e.Fact("gap", string.Create(CultureInfo.InvariantCulture, $"{gap:0.00} ({gap * 100 / price:0.#}%)"), limits);
        }

        e.Phrase(string.Create(CultureInfo.InvariantCulture, $"a competitor sells it for {competitor:0.00} instead of {price:0.00}"));
        return "price-check:" + (check.Sku ?? "item");
    }

    /// <summary>
    /// Optional fields only: an empty value (<c>priceCheck:</c>) reads as <c>{}</c>, and a field's problem is reported
    /// without dropping the trigger, so the rule's <c>priceMatch</c> is not also reported as lacking a price check.
    /// </summary>
    private sealed class PriceCheckKind() : TriggerKind("priceCheck", FieldNames, static t => t is PriceCheckTrigger, static t => ReadGuards(t), static (rules, venues) => new PriceCheckIndex(rules, venues), null)
    {
        public override Trigger? Read(YamlNodeReader r, YamlNode? node, string what, IReadOnlyDictionary<string, Venue> venues)
        {
            if (node is YamlScalarNode { Value: null or "" })
            {
                return new PriceCheckTrigger();
            }

            var about = $"the {Name} trigger of {what}";
            return r.Mapping(node, about, Fields) is { } map ? ReadGuards(new TriggerReader(r, map, about, what, venues)) : null;
        }
    }

    private static PriceCheckTrigger ReadGuards(TriggerReader t)
    {
        var percent = t.Decimal("maxGapPercent", 0.01m, 99.99m, required: false);
        var amount = t.Decimal("maxGapAmount", 0.01m, 1_000_000m, required: false);
        var lowest = t.Decimal("floor", 0m, 1_000_000m, required: false);
        return new PriceCheckTrigger(percent, amount, lowest);
    }

    /// <summary>Every price-check rule whose guards accept the gap fires on a price check with a lower competitor's price, at the venue it names (when known).</summary>
    private sealed class PriceCheckIndex(CompiledRule[] rules, IReadOnlyDictionary<string, Venue> venues) : SignalTriggerIndex
    {
        public override SignalKind Signal => SignalKind.Commerce;

        public override void Match(in EvaluationInput input, RuleScope scope, List<OfferCandidate> fired)
        {
            if (input.Signal is not CommerceEvent { Action: CommerceAction.PriceCheck, Price: { } price, CompetitorPrice: { } competitor } check || competitor >= price)
            {
                return;
            }

            var at = AtVenue(venues, check.VenueId);
            foreach (var rule in rules)
            {
                if (((PriceCheckTrigger)rule.Trigger).Accepts(price, competitor))
                {
                    scope.Reset(input, at);
                    rule.Fire(scope, fired);
                }
            }
        }
    }
}
