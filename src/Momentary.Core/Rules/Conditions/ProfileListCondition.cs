namespace Momentary.Core.Rules.Conditions;

/// <summary>The customer's profile has one of the listed values — a segment, an interest or a loyalty tier (ordinal comparison).</summary>
/// <param name="fact">The explanation fact's name, e.g. <c>segment</c>.</param>
/// <param name="reason">The reason a signal gets no offer when the condition fails.</param>
/// <param name="values">Accepted values, any of which suffices.</param>
/// <param name="has">Whether the profile has a value.</param>
/// <param name="held">What the profile has of the kind, for traces (the kind's values only, nothing else of the profile).</param>
internal sealed class ProfileListCondition(string fact, NoOfferReason reason, string[] values, Func<Context.CustomerProfile, string, bool> has, Func<Context.CustomerProfile, IEnumerable<string>> held) : RuleCondition
{
    private readonly string _requirement = "any of " + string.Join(", ", values);

    public static ProfileListCondition Segments(string[] values) => new("segment", NoOfferReason.Segments, values, static (p, v) => p.InSegment(v), static p => p.Segments);

    public static ProfileListCondition Interests(string[] values) => new("interest", NoOfferReason.Interests, values, static (p, v) => p.Interests.Contains(v, StringComparer.Ordinal), static p => p.Interests);

    public static ProfileListCondition Tier(string[] values) => new("tier", NoOfferReason.Tier, values, static (p, v) => string.Equals(p.Tier, v, StringComparison.Ordinal), static p => p.Tier is null ? [] : [p.Tier]);

    /// <summary>Reads <c>segments: [..]</c>, checked against <c>settings.segments</c> when declared; <c>null</c> when absent or invalid.</summary>
    public static ProfileListCondition? ReadSegments(ConditionReader c)
    {
        if (c.List("segments") is not { } segments)
        {
            return null;
        }

        c.CheckKnown("segments", segments, c.Settings.Segments, "segment", "settings.segments");
        return Segments(segments);
    }

    /// <summary>Reads <c>interests: [..]</c>; <c>null</c> when absent or invalid.</summary>
    public static ProfileListCondition? ReadInterests(ConditionReader c) => c.List("interests") is { } interests ? Interests(interests) : null;

    /// <summary>Reads <c>tier: [..]</c>, checked against <c>settings.tiers</c> when declared; <c>null</c> when absent or invalid.</summary>
    public static ProfileListCondition? ReadTier(ConditionReader c)
    {
        if (c.List("tier") is not { } tiers)
        {
            return null;
        }

        c.CheckKnown("tier", tiers, c.Settings.Tiers, "tier", "settings.tiers");
        return Tier(tiers);
    }

    public override NoOfferReason Reason => reason;

    public override bool Holds(RuleScope scope)
    {
        var profile = scope.Input.Context.Profile;
        if (profile is null)
        {
            return false;
        }

        foreach (var value in values)
        {
            if (has(profile, value))
            {
                if (scope.Explaining)
                {
                    scope.Explanation.Fact(fact, value, _requirement);
                }

                return true;
            }
        }

        return false;
    }

    public override string Failure(RuleScope scope)
    {
        var has = scope.Input.Context.Profile is { } profile ? string.Join(", ", held(profile)) : string.Empty;
        return $"{fact} must be {_requirement}; the profile has {(has.Length == 0 ? "none" : has)}";
    }
}
