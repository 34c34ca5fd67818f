using System.Globalization;

namespace Momentary.Core.Rules.Conditions;

/// <summary>The rule is active from one local date to another, both inclusive, in the customer's time zone.</summary>
internal sealed class DateRangeCondition(DateOnly? from, DateOnly? until) : RuleCondition
{
    private readonly string _requirement = string.Create(CultureInfo.InvariantCulture, $"{from?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "..."} to {until?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "..."}");

    /// <summary>
    /// Reads <c>dates: { from?, until? }</c>: at least one end, not ending before it starts; <c>null</c> when absent
    /// or invalid (reported).
    /// </summary>
    public static DateRangeCondition? Read(ConditionReader c)
    {
        var about = $"the active dates of {c.What}";
        var dates = c.Mapping("dates", about, "from", "until");
        if (dates is null)
        {
            return null;
        }

        var from = c.Date(dates, "from", about);
        var until = c.Date(dates, "until", about);
        if (YamlNodeReader.Child(dates, "from") is null && YamlNodeReader.Child(dates, "until") is null)
        {
            c.Error(dates, $"{about} need 'from', 'until' or both");
        }
        else if (from > until)
        {
            c.Error(dates, $"{about} end before they start", "'until' must be on or after 'from'");
        }
        else if (from is not null || until is not null)
        {
            return new DateRangeCondition(from, until);
        }

        return null;
    }

    public override NoOfferReason Reason => NoOfferReason.Dates;

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

    public override string Failure(RuleScope scope) =>
        $"active {_requirement} in {LocalClock.ZoneText(scope)}, local date {DateOnly.FromDateTime(LocalClock.Now(scope)).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}
