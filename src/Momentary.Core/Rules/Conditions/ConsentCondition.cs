namespace Momentary.Core.Rules.Conditions;

/// <summary>The customer consented to every listed purpose (e.g. <c>offers</c>, <c>location</c>).</summary>
internal sealed class ConsentCondition(string[] purposes) : RuleCondition
{
    private readonly string _value = string.Join(",", purposes);

    /// <summary>Reads <c>consent: PURPOSE</c> or <c>[..]</c>; <c>null</c> when absent or invalid (reported).</summary>
    public static ConsentCondition? Read(ConditionReader c) => c.List("consent") is { } purposes ? new ConsentCondition(purposes) : null;

    public override NoOfferReason Reason => NoOfferReason.Consent;

    public override bool Holds(RuleScope scope)
    {
        var profile = scope.Input.Context.Profile;
        if (profile is null)
        {
            return false;
        }

        foreach (var purpose in purposes)
        {
            if (!profile.HasConsent(purpose))
            {
                return false;
            }
        }

        if (scope.Explaining)
        {
            scope.Explanation.Fact("consent", _value);
        }

        return true;
    }

    public override string Failure(RuleScope scope)
    {
        var profile = scope.Input.Context.Profile;
        var missing = new List<string>(purposes.Length);
        foreach (var purpose in purposes)
        {
            if (profile?.HasConsent(purpose) != true)
            {
                missing.Add(purpose);
            }
        }

        return $"no consent to {string.Join(", ", missing)} on record (the rule requires {string.Join(", ", purposes)})";
    }
}
