using System.Globalization;

namespace Momentary.Core.Rules.Conditions;

/// <summary>At least <c>count</c> distinct friends checked in at the triggering venue within <c>within</c>.</summary>
internal sealed class MinFriendsCondition(int count, TimeSpan within) : RuleCondition
{
    private readonly string _requirement = string.Create(CultureInfo.InvariantCulture, $">= {count} in {DurationText.Format(within)}");
    private readonly string _windowText = DescribeWindow(within);

    public TimeSpan Within => within;

    public override bool Holds(RuleScope scope)
    {
        if (scope.Trigger is not { } trigger)
        {
            return false;
        }

        var n = scope.Input.Context.FriendsVisited(trigger.Venue.Id, scope.Input.Now - within);
        if (n < count)
        {
            return false;
        }

        scope.FriendsCount = n;
        if (scope.Explaining)
        {
            scope.Explanation.Fact("friendsVisited", n.ToString(CultureInfo.InvariantCulture), _requirement);
            scope.Explanation.Phrase(string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? "friend" : "friends")} visited in {_windowText}"));
        }

        return true;
    }

    private static string DescribeWindow(TimeSpan t) => t.Ticks % TimeSpan.TicksPerDay == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{t.Days} {(t.Days == 1 ? "day" : "days")}")
        : string.Create(CultureInfo.InvariantCulture, $"{t.TotalHours:0.#} hours");
}
