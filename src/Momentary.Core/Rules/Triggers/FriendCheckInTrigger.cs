using System.Globalization;
using Momentary.Core.Geofencing;

namespace Momentary.Core.Rules.Triggers;

/// <summary>
/// <c>friendCheckIn: { within, radius?, venue? | category? }</c>: on the customer's ping, a friend checked in within
/// <see cref="Within"/> (at most 1d) at a venue the customer is at or within <see cref="RadiusMeters"/> of (default 0: at).
/// </summary>
internal sealed class FriendCheckInTrigger(string? venueId, string? category, TimeSpan within, double radiusMeters) : Trigger(venueId, category)
{
    /// <summary>The <c>friendCheckIn</c> kind.</summary>
    public static TriggerKind Kind { get; } = TriggerKind.AtPlace("friendCheckIn", ["venue", "category", "within", "radius"], Read, static rules => new FriendCheckInIndex(rules));

    /// <summary>How recent a friend's check-in must be.</summary>
    public TimeSpan Within => within;

    /// <summary>How far from the venue the customer may be, in metres.</summary>
    public double RadiusMeters => radiusMeters;

    /// <inheritdoc/>
    public override double NearRadiusMeters => radiusMeters;

    /// <inheritdoc/>
    public override TimeSpan FriendWindow => within;

    /// <inheritdoc/>
    public override string Explain(RuleScope scope)
    {
        var at = scope.Trigger!;
        var friends = scope.Input.Context.FriendsVisited(at.Venue.Id, scope.Input.Now - within);
        scope.FriendsCount = friends;
        scope.Explanation.Fact("friendsCheckedIn", friends.ToString(CultureInfo.InvariantCulture), "within " + DurationText.Format(within));
        scope.Explanation.Phrase(string.Create(CultureInfo.InvariantCulture, $"{friends} {(friends == 1 ? "friend" : "friends")} checked in at {at.Venue.Name}, {at.DistanceMeters:0} m from you"));
        return "friend-check-in:" + at.Venue.Id;
    }

    private static FriendCheckInTrigger? Read(TriggerReader t)
    {
        var (venue, category) = t.Place(required: false);
        var recent = t.Duration("within", required: true);
        if (recent > TimeSpan.FromDays(1))
        {
            t.Error("within", $"the friend check-in window of {t.What} may be at most 1d", "it is about friends who are there now; use a friends condition for longer windows");
        }

        var around = t.Distance("radius", required: false) ?? 0;
        return recent is null ? null : new FriendCheckInTrigger(venue, category, recent.Value, around);
    }

    /// <summary>
    /// Venues at or near the ping within each rule's radius where friends checked in. Rules are ordered by window,
    /// so one friends count serves every rule with the same window.
    /// </summary>
    private sealed class FriendCheckInIndex(CompiledRule[] rules)
        : VenueTriggerIndex([.. rules.OrderBy(r => ((FriendCheckInTrigger)r.Trigger).Within)], VenueFact.Near)
    {
        public override void MatchAt(VenueProximity near, in EvaluationInput input, RuleScope scope, List<OfferCandidate> fired)
        {
            var countedWindow = TimeSpan.MinValue;
            var friends = 0;
            foreach (var rule in Rules.For(near.Venue))
            {
                var trigger = (FriendCheckInTrigger)rule.Trigger;
                if (near.DistanceMeters > trigger.RadiusMeters)
                {
                    continue;
                }

                if (trigger.Within != countedWindow)
                {
                    countedWindow = trigger.Within;
                    friends = input.Context.FriendsVisited(near.Venue.Id, input.Now - countedWindow);
                }

                if (friends > 0)
                {
                    scope.Reset(input, near);
                    scope.FriendsCount = friends;
                    rule.Fire(scope, fired);
                }
            }
        }
    }
}
