namespace Momentary.Core.Rules.Conditions;

/// <summary>The customer consented to a purpose (e.g. <c>offers</c>).</summary>
internal sealed class ConsentCondition(string purpose) : RuleCondition
{
    public override bool Holds(RuleScope scope)
    {
        if (scope.Input.Context.Profile?.HasConsent(purpose) != true)
        {
            return false;
        }

        scope.Explanation.Fact("consent", purpose);
        return true;
    }
}
