using System.Globalization;

namespace Momentary.Core.Rules.Conditions;

/// <summary>
/// No offer during quiet hours in the customer's own time zone (profile <c>TimeZone</c>, IANA id). Windows may
/// cross midnight (22:00-08:00); daylight-saving changes are handled by converting the instant, not the clock.
/// An unknown time zone is treated as UTC.
/// </summary>
internal sealed class QuietHoursCondition(TimeOnly from, TimeOnly to) : RuleCondition
{
    private readonly string _requirement = string.Create(CultureInfo.InvariantCulture, $"outside {from:HH\\:mm}-{to:HH\\:mm}");

    /// <summary>Reads <c>quietHours: { from, to }</c> (<c>HH:mm</c>); <c>null</c> when absent or invalid (reported).</summary>
    public static QuietHoursCondition? Read(ConditionReader c)
    {
        var about = $"the quiet hours of {c.What}";
        return c.Mapping("quietHours", about, "from", "to") is { } quiet && c.Window(quiet, about) is ({ } from, { } to) ? new QuietHoursCondition(from, to) : null;
    }

    public override NoOfferReason Reason => NoOfferReason.QuietHours;

    public override bool Holds(RuleScope scope)
    {
        var local = TimeOnly.FromDateTime(LocalClock.Now(scope));
        if (LocalClock.InWindow(local, from, to))
        {
            return false;
        }

        if (scope.Explaining)
        {
            scope.Explanation.Fact("localTime", LocalClock.Text(scope), _requirement);
        }

        return true;
    }

    public override string Failure(RuleScope scope) =>
        string.Create(CultureInfo.InvariantCulture, $"quiet hours {from:HH\\:mm}-{to:HH\\:mm} in {LocalClock.ZoneText(scope)}, local time {LocalClock.Text(scope)}");
}
