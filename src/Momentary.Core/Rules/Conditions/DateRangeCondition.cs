using System.Globalization;

namespace Momentary.Core.Rules.Conditions;

/// <summary>The rule is active from one local date to another, both inclusive, in the customer's time zone.</summary>
internal sealed class DateRangeCondition(DateOnly? from, DateOnly? until) : RuleCondition
{
    private readonly string _requirement = string.Create(CultureInfo.InvariantCulture, $"{from?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "..."} to {until?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "..."}");

    public override bool Holds(RuleScope scope)
    {
        var today = DateOnly.FromDateTime(LocalClock.Now(scope));
        if (today < from || today > until)
        {
            return false;
        }

        if (scope.Explaining)
        {
            scope.Explanation.Fact("localDate", today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), _requirement);
        }

        return true;
    }
}
