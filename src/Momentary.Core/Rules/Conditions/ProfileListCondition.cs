namespace Momentary.Core.Rules.Conditions;

/// <summary>The customer's interests, or loyalty tier, include one of the listed values (ordinal comparison).</summary>
internal sealed class ProfileListCondition(string fact, string[] values, bool tier) : RuleCondition
{
    private readonly string _requirement = "any of " + string.Join(", ", values);

    public override bool Holds(RuleScope scope)
    {
        var profile = scope.Input.Context.Profile;
        if (profile is null)
        {
            return false;
        }

        foreach (var value in values)
        {
            if (tier ? string.Equals(profile.Tier, value, StringComparison.Ordinal) : Contains(profile.Interests, value))
            {
                scope.Explanation.Fact(fact, value, _requirement);
                return true;
            }
        }

        return false;
    }

    private static bool Contains(IReadOnlyList<string> list, string value)
    {
        foreach (var item in list)
        {
            if (string.Equals(item, value, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
