using System.Globalization;
using Momentary.Core.Signals;
using Momentary.Core.Venues;
using YamlDotNet.RepresentationModel;

namespace Momentary.Core.Rules.Triggers;

/// <summary><c>priceCheck: {}</c>: a price check whose <c>competitorPrice</c> is lower than its <c>price</c>; the only trigger a price match may use.</summary>
internal sealed class PriceCheckTrigger : Trigger
{
    /// <summary>The <c>priceCheck</c> kind.</summary>
    public static TriggerKind Kind { get; } = new PriceCheckKind();

    /// <inheritdoc/>
    public override bool CarriesCompetitorPrice => true;

    /// <inheritdoc/>
    public override string Explain(RuleScope scope)
    {
        var check = (CommerceEvent)scope.Input.Signal;
        scope.Explanation.Fact("shelfPrice", check.Price!.Value.ToString("0.00", CultureInfo.InvariantCulture));
        scope.Explanation.Fact("competitorPrice", check.CompetitorPrice!.Value.ToString("0.00", CultureInfo.InvariantCulture), "< shelf price");
        scope.Explanation.Phrase(string.Create(CultureInfo.InvariantCulture, $"a competitor sells it for {check.CompetitorPrice.Value:0.00} instead of {check.Price.Value:0.00}"));
        return "price-check:" + (check.Sku ?? "item");
    }

    /// <summary>
    /// A kind with no fields: an empty value (<c>priceCheck:</c>) reads as <c>{}</c>, and an unknown field is reported
    /// without dropping the trigger, so the rule's <c>priceMatch</c> is not also reported as lacking a price check.
    /// </summary>
    private sealed class PriceCheckKind() : TriggerKind("priceCheck", [], static t => t is PriceCheckTrigger, static _ => new PriceCheckTrigger(), static (rules, venues) => new PriceCheckIndex(rules, venues), null)
    {
        public override Trigger? Read(YamlNodeReader r, YamlNode? node, string what, IReadOnlyDictionary<string, Venue> venues) =>
            node is YamlScalarNode { Value: null or "" } || r.Mapping(node, $"the {Name} trigger of {what}", Fields) is not null ? new PriceCheckTrigger() : null;
    }

    /// <summary>Every price-check rule fires on a price check with a lower competitor's price, at the venue it names (when known).</summary>
    private sealed class PriceCheckIndex(CompiledRule[] rules, IReadOnlyDictionary<string, Venue> venues) : SignalTriggerIndex
    {
        public override SignalKind Signal => SignalKind.Commerce;

        public override void Match(in EvaluationInput input, RuleScope scope, List<OfferCandidate> fired)
        {
            if (input.Signal is CommerceEvent { Action: CommerceAction.PriceCheck, Price: { } price, CompetitorPrice: { } competitor } check && competitor < price)
            {
                FireAll(rules, AtVenue(venues, check.VenueId), input, scope, fired);
            }
        }
    }
}
