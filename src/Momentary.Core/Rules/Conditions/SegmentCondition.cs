namespace Momentary.Core.Rules.Conditions;

/// <summary>The customer is in at least one of the segments.</summary>
internal sealed class SegmentCondition(string[] segments) : RuleCondition
{
    private readonly string _requirement = "any of " + string.Join(", ", segments);

    public override bool Holds(RuleScope scope)
    {
        var profile = scope.Input.Context.Profile;
        if (profile is null)
        {
            return false;
        }

        foreach (var segment in segments)
        {
            if (profile.InSegment(segment))
            {
                scope.Explanation.Fact("segment", segment, _requirement);
                return true;
            }
        }

        return false;
    }
}
