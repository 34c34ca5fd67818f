using System.Globalization;

namespace Momentary.Core.Rules.Conditions;

/// <summary>
/// Only at certain local times: an hours window (may cross midnight) and/or days of the week, in the customer's
/// time zone. For a window crossing midnight the day is the day the window started (Friday 22:00-02:00 includes
/// Saturday 01:00).
/// </summary>
internal sealed class TimeWindowCondition(TimeOnly? from, TimeOnly? to, DayOfWeek[]? days) : RuleCondition
{
    private static readonly string[] DayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    private readonly string _requirement = Describe(from, to, days);

    /// <summary>
    /// Reads <c>hours: { from, to }</c> and <c>days: [mon, ..]</c>, either or both; <c>null</c> when neither is there
    /// (or valid: problems are reported).
    /// </summary>
    public static TimeWindowCondition? Read(ConditionReader c)
    {
        TimeOnly? hoursFrom = null, hoursTo = null;
        var about = $"the hours of {c.What}";
        if (c.Mapping("hours", about, "from", "to") is { } hours)
        {
            (hoursFrom, hoursTo) = c.Window(hours, about);
        }

        var days = ReadDays(c);
        return hoursFrom is not null || days is not null ? new TimeWindowCondition(hoursFrom, hoursTo, days) : null;
    }

    public override NoOfferReason Reason => NoOfferReason.TimeWindow;

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

    public override string Failure(RuleScope scope) =>
        $"only {_requirement} in {LocalClock.ZoneText(scope)}, local time {LocalClock.Now(scope).ToString("ddd HH\\:mm", CultureInfo.InvariantCulture)}";

    private static DayOfWeek[]? ReadDays(ConditionReader c)
    {
        if (c.List("days") is not { } names)
        {
            return null;
        }

        var days = new List<DayOfWeek>();
        foreach (var name in names)
        {
            var i = Array.IndexOf(DayNames, name.ToLowerInvariant());
            if (i < 0)
            {
                c.Error(c.Node("days")!, $"'{name}' is not a day of the week", "use mon, tue, wed, thu, fri, sat, sun");
                return null;
            }

            days.Add((DayOfWeek)i);
        }

        return [.. days.Distinct()];
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
