using System.Globalization;

namespace Momentary.Core.Rules.Conditions;

/// <summary>At least <c>count</c> distinct friends checked in at the triggering venue within <c>within</c>.</summary>
internal sealed class MinFriendsCondition(int count, TimeSpan within) : RuleCondition
{
    private readonly string _requirement = string.Create(CultureInfo.InvariantCulture, $">= {count} in {DurationText.Format(within)}");
    private readonly string _windowText = DescribeWindow(within);

    /// <inheritdoc/>
    public override TimeSpan FriendWindow => within;

    /// <summary>Reads <c>friends: { atLeast, within }</c> (a window of at most 365d); <c>null</c> when absent or invalid (reported).</summary>
    public static MinFriendsCondition? Read(ConditionReader c)
    {
        var friends = c.Mapping("friends", $"the friends condition of {c.What}", "atLeast", "within");
        if (friends is null)
        {
            return null;
        }

        var atLeast = c.Yaml.Int(friends, "atLeast", "the friends condition", true, 1, 10_000);
        var window = c.Yaml.Duration(friends, "within", "the friends condition", true);
        if (window > TimeSpan.FromDays(365))
        {
            c.Error(YamlNodeReader.Child(friends, "within")!, "the friends window may be at most 365d", "check-ins are kept for a year at most");
            return null;
        }

        return atLeast is { } n && window is { } w ? new MinFriendsCondition(n, w) : null;
    }

    public override NoOfferReason Reason => NoOfferReason.Friends;

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

    public override string Failure(RuleScope scope)
    {
        if (scope.Trigger is not { } trigger)
        {
            return "no venue set the trigger off, so no friends' visits to count";
        }

        var n = scope.Input.Context.FriendsVisited(trigger.Venue.Id, scope.Input.Now - within);
        return string.Create(CultureInfo.InvariantCulture, $"{n} {(n == 1 ? "friend" : "friends")} visited {trigger.Venue.Id} in {_windowText}; at least {count} required");
    }

    private static string DescribeWindow(TimeSpan t) => t.Ticks % TimeSpan.TicksPerDay == 0
        ? string.Create(CultureInfo.InvariantCulture, $"{t.Days} {(t.Days == 1 ? "day" : "days")}")
        : string.Create(CultureInfo.InvariantCulture, $"{t.TotalHours:0.#} hours");
}
