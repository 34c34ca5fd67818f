using System.Globalization;

namespace Momentary.Core.Rules.Conditions;

/// <summary>The customer's redemption propensity for the rule's offer category is at least a threshold.</summary>
internal sealed class PropensityCondition(double atLeast) : RuleCondition
{
    private readonly string _requirement = string.Create(CultureInfo.InvariantCulture, $">= {atLeast:0.###}");

    /// <summary>Reads <c>propensity: { atLeast }</c> (0-1); <c>null</c> when absent or invalid (reported).</summary>
    public static PropensityCondition? Read(ConditionReader c) =>
        c.Mapping("propensity", $"the propensity condition of {c.What}", "atLeast") is { } propensity
        && c.Yaml.Decimal(propensity, "atLeast", "the propensity condition", true, 0m, 1m) is { } p
            ? new PropensityCondition((double)p)
            : null;

    public override NoOfferReason Reason => NoOfferReason.Propensity;

    public override bool Holds(RuleScope scope)
    {
        var p = scope.Input.Context.State.PropensityFor(scope.Rule!.CategoryOf(scope), scope.Input.Now);
        if (p < atLeast)
        {
            return false;
        }

        if (scope.Explaining)
        {
            scope.Explanation.Fact("propensity", p.ToString("0.###", CultureInfo.InvariantCulture), _requirement);
        }

        return true;
    }

    public override string Failure(RuleScope scope)
    {
        var category = scope.Rule!.CategoryOf(scope);
        var p = scope.Input.Context.State.PropensityFor(category, scope.Input.Now);
        return string.Create(CultureInfo.InvariantCulture, $"propensity for {category} is {p:0.###}, below the required {atLeast:0.###}");
    }
}
