using System.Globalization;
using Momentary.Core.Context;
using Momentary.Core.Offers;
using Momentary.Core.Rules.Triggers;
using Momentary.Core.Signals;

namespace Momentary.Core.Rules;

/// <summary>A rule after validation: plain fields and compiled conditions, evaluated without interpretation.</summary>
internal sealed class CompiledRule
{
    public required string Id { get; init; }

    /// <summary>What sets the rule off; its kind indexes the rule and explains why it fired.</summary>
    public required Trigger Trigger { get; init; }

    /// <summary>A signal older than this (now − signal time) issues no offer: the moment has passed.</summary>
    public TimeSpan FreshFor { get; init; } = TimeSpan.FromMinutes(5);

    public required RuleCondition[] Conditions { get; init; }

    /// <summary>What the rule offers: message, discount (or price match), validity, stacking, value and category.</summary>
    public required RuleOffer Offer { get; init; }

    public required CapPolicy Caps { get; init; }

    public int Priority { get; init; }

    /// <summary>Control group size in basis points of customers (10% = 1000).</summary>
    public int HoldoutBasisPoints { get; init; }

    /// <summary>The rule's A/B arms (none: every customer gets the offer as written), shares adding up to 100%.</summary>
    public RuleVariant[] Variants { get; init; } = [];

    /// <summary>A discount as messages show it, e.g. <c>20%</c> or <c>74.50 EUR</c>.</summary>
    private static string TextOf(Discount discount) => discount.Kind switch
    {
        DiscountKind.Percent => string.Create(CultureInfo.InvariantCulture, $"{discount.Value:0.##}%"),
        DiscountKind.None => string.Empty,
        _ => string.Create(CultureInfo.InvariantCulture, $"{discount.Value:0.00} {discount.Currency}"),
    };

    /// <summary>The offer category: as set in the offer, else the triggering venue's category, else the trigger's category, else the rule id.</summary>
    public string CategoryOf(RuleScope scope) => Offer.Category ?? scope.Trigger?.Venue.Category ?? Trigger.Category ?? Id;

    /// <summary>
    /// Offers the rule for the signal on <paramref name="scope"/> (reset to the triggering venue by the caller) when it
    /// is fresh enough and its conditions hold: appends the candidate to <paramref name="fired"/>.
    /// </summary>
    public void Fire(RuleScope scope, List<OfferCandidate> fired)
    {
        // Moment freshness first: a signal older than the rule allows updates state elsewhere but earns no offer.
        var age = scope.Input.Now - scope.Input.Signal.Timestamp;
        if (age > FreshFor)
        {
            scope.Miss(NoOfferReason.Stale);
            scope.Tracer?.Stale(this, scope, age);
            return;
        }

        if (TryMatch(scope) is { } candidate)
        {
            fired.Add(candidate);
            scope.Tracer?.Matched(this, scope);
        }
    }

    /// <summary>
    /// Checks every condition in order (cheapest first, as compiled) without explaining; when all hold, builds the
    /// candidate arbitration needs (priority, expected value, holdout), leaving its text to <see cref="Render"/>.
    /// </summary>
    public OfferCandidate? TryMatch(RuleScope scope)
    {
        scope.Rule = this;
        foreach (var condition in Conditions)
        {
            if (!condition.Holds(scope))
            {
                scope.Miss(condition.Reason);
                scope.Tracer?.Failed(this, condition, scope);
                return null;
            }
        }

        var variant = Variants.Length == 0 ? null : RuleVariant.Pick(Variants, Id, scope.Input.Signal.CustomerId);
        var (discount, value) = PricedDiscount(scope, variant);
        var category = CategoryOf(scope);
        var propensity = scope.Input.Context.State.PropensityFor(category, scope.Input.Now);
        return new OfferCandidate
        {
            RuleId = Id,
            Venue = scope.Trigger?.Venue,
            Discount = discount,
            Stackable = Offer.Stackable,
            Priority = Priority,
            Category = category,
            Propensity = propensity,
            ExpectedValue = propensity * value,
            HeldOut = Holdout.InControl(Id, scope.Input.Signal.CustomerId, HoldoutBasisPoints),
            ValidFor = variant?.ValidFor ?? Offer.ValidFor,
            Caps = Caps,
            Variant = variant?.Id,
            Source = this,
            Arm = variant,
            At = scope.Trigger,
        };
    }

    /// <summary>
    /// Completes a matched candidate: runs the conditions again on a scope that explains (they hold again: they are
    /// pure in the same input), then renders the message and, for share rules, the referral link.
    /// </summary>
    public OfferCandidate Render(OfferCandidate candidate, RuleScope scope, string trigger)
    {
        scope.Rule = this;
        foreach (var condition in Conditions)
        {
            condition.Holds(scope);
        }

        var variant = candidate.Arm;
        var discountText = TextOf(PricedDiscount(scope, variant).Discount);
        var referral = Trigger.Referral(scope);
        return candidate with
        {
            Message = (variant?.Message ?? Offer.Message).Render(scope, discountText, variant?.ValidForText ?? Offer.ValidForText),
            Referral = referral,
            Earnings = Trigger.Earnings(scope),
            Explanation = scope.Explanation.Build(trigger),
        };
    }

    // Price-match rules offer the competitor's price from the signal; every other rule its configured discount (or
    // the customer's variant's).
    private (Discount Discount, double Value) PricedDiscount(RuleScope scope, RuleVariant? variant)
    {
        if (Offer.PriceMatch && scope.Input.Signal is CommerceEvent { CompetitorPrice: { } matched } commerce)
        {
            return (new Discount(DiscountKind.PriceMatch, matched, commerce.Currency ?? "EUR"), Offer.Value ?? (double)((commerce.Price ?? matched) - matched));
        }

        var discount = variant?.Discount ?? Offer.Discount;
        return (discount, Offer.Value ?? (double)discount.Value);
    }
}
