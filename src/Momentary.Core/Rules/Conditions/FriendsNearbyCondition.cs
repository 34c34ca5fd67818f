using System.Globalization;
using Momentary.Core.Geofencing;
using Momentary.Core.Signals;

namespace Momentary.Core.Rules.Conditions;

/// <summary>
/// "Two of your friends are in the mall right now": at least <c>count</c> distinct friends whose last known position,
/// recorded at most <c>seenWithin</c> ago, is within <c>withinMeters</c> of the customer's ping. Only friends who
/// consent to share their location (<c>friends-location</c>) have a position; the offer never names them.
/// </summary>
internal sealed class FriendsNearbyCondition(int count, double withinMeters, TimeSpan seenWithin) : RuleCondition
{
    /// <summary>The longest <c>seenWithin</c> allowed: positions are a "right now" fact, not a history.</summary>
    public static readonly TimeSpan MaxSeenWithin = TimeSpan.FromHours(1);

    private static readonly TimeSpan DefaultSeenWithin = TimeSpan.FromMinutes(10);

    private readonly string _requirement = string.Create(CultureInfo.InvariantCulture, $">= {count} within {withinMeters:0} m, seen in the last {DurationText.Format(seenWithin)}");

    /// <summary>How recent a friend's position must be.</summary>
    public TimeSpan SeenWithin => seenWithin;

    /// <summary>Reads <c>friendsNearby: { atLeast, within, seenWithin? }</c>; <c>null</c> when absent or invalid (reported).</summary>
    public static FriendsNearbyCondition? Read(ConditionReader c)
    {
        const string about = "the friendsNearby condition";
        var map = c.Mapping("friendsNearby", $"{about} of {c.What}", "atLeast", "within", "seenWithin");
        if (map is null)
        {
            return null;
        }

        if (c.Trigger is { OnLocation: false } kind)
        {
            c.Error(c.Node("friendsNearby")!, $"{about} of {c.What} needs a trigger fired by a location ping, not '{kind.Name}'", "use enter, exit, dwell, near, revisit, friendCheckIn or routine: friends are near the customer's position");
        }

        var atLeast = c.Yaml.Int(map, "atLeast", about, true, 1, 1_000);
        var within = c.Yaml.Distance(map, "within", about, true);
        var seen = c.Yaml.Duration(map, "seenWithin", about, false) ?? DefaultSeenWithin;
        if (seen > MaxSeenWithin)
        {
            c.Error(YamlNodeReader.Child(map, "seenWithin")!, "'seenWithin' in the friendsNearby condition may be at most 1h", "positions say where friends are right now; use 'friends' for visits over days");
            return null;
        }

        return atLeast is { } n && within is { } meters ? new FriendsNearbyCondition(n, meters, seen) : null;
    }

    /// <inheritdoc/>
    public override NoOfferReason Reason => NoOfferReason.FriendsNearby;

    /// <inheritdoc/>
    public override TimeSpan FriendsNearbyWindow => seenWithin;

    /// <inheritdoc/>
    public override bool Holds(RuleScope scope)
    {
        if (scope.Input.Signal is not LocationPing ping)
        {
            return false;
        }

        var n = CountNearby(scope, ping);
        if (n < count)
        {
            return false;
        }

        scope.FriendsCount = n;
        if (scope.Explaining)
        {
            scope.Explanation.Fact("friendsNearby", n.ToString(CultureInfo.InvariantCulture), _requirement);
            scope.Explanation.Phrase(string.Create(CultureInfo.InvariantCulture, $"{n} of your friends {(n == 1 ? "is" : "are")} within {withinMeters:0} m right now"));
        }

        return true;
    }

    /// <inheritdoc/>
    public override string Failure(RuleScope scope) => scope.Input.Signal is LocationPing ping
        ? string.Create(CultureInfo.InvariantCulture, $"{CountNearby(scope, ping)} of their friends within {withinMeters:0} m seen in the last {DurationText.Format(seenWithin)}; at least {count} required")
        : "the signal carries no position to look around";

    // Friends whose last position is recent enough and close enough; the store keeps one position per friend, so each counts once.
    private int CountNearby(RuleScope scope, LocationPing ping)
    {
        var since = scope.Input.Now - seenWithin;
        var n = 0;
        foreach (var friend in scope.Input.Context.FriendPositions)
        {
            if (friend.At >= since && GreatCircle.Meters(ping.Latitude, ping.Longitude, friend.Latitude, friend.Longitude) <= withinMeters)
            {
                n++;
            }
        }

        return n;
    }
}
