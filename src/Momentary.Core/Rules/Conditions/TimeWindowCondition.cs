using System.Globalization;

namespace Momentary.Core.Rules.Conditions;

/// <summary>
/// Only at certain local times: an hours window (may cross midnight) and/or days of the week, in the customer's
/// time zone. For a window crossing midnight the day is the day the window started (Friday 22:00-02:00 includes
/// Saturday 01:00).
/// </summary>
internal sealed class TimeWindowCondition(TimeOnly? from, TimeOnly? to, DayOfWeek[]? days) : RuleCondition
{
    private readonly string _requirement = Describe(from, to, days);

    public override bool Holds(RuleScope scope)
    {
        var local = LocalClock.Now(scope);
        var time = TimeOnly.FromDateTime(local);
        var day = local.DayOfWeek;
        if (from is { } f && to is { } t)
        {
            if (!LocalClock.InWindow(time, f, t))
            {
                return false;
            }

            if (f > t && time < t)
            {
                day = local.AddDays(-1).DayOfWeek; // after midnight: the window opened yesterday
            }
        }

        if (days is not null && Array.IndexOf(days, day) < 0)
        {
            return false;
        }

        if (scope.Explaining)
        {
            scope.Explanation.Fact("localTime", local.ToString("ddd HH\\:mm", CultureInfo.InvariantCulture), _requirement);
        }

        return true;
    }

    private static string Describe(TimeOnly? from, TimeOnly? to, DayOfWeek[]? days)
    {
        var parts = new List<string>();
        if (from is { } f && to is { } t)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{f:HH\\:mm}-{t:HH\\:mm}"));
        }

        if (days is not null)
        {
            parts.Add(string.Join(",", days.Select(d => CultureInfo.InvariantCulture.DateTimeFormat.GetAbbreviatedDayName(d))));
        }

        return "within " + string.Join(" ", parts);
    }
}
