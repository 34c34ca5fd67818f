using Momentary.Core.Context;
using Momentary.Core.Geofencing;
using Momentary.Core.Rules;
using Momentary.Core.Signals;

namespace Momentary.Core.Tests.Rules;

/// <summary>"Two of your friends are in the mall right now": the friendsNearby condition over friends' last positions.</summary>
public sealed class FriendsNearbyTests
{
    private const string Rules = """
        version: 1
        rules:
          - id: friends-here
            trigger: { enter: { venue: aurora } }
            when: { consent: offers, friendsNearby: { atLeast: 2, within: 150m, seenWithin: 10m } }
            offer: { message: "{friends} friends are near {venue}", percent: 10, validFor: 1h }
        """;

    private static readonly DateTimeOffset Now = new(2026, 11, 28, 15, 5, 0, TimeSpan.Zero);
    private readonly RuleBook _book = RuleBookLoader.Parse(Rules, "nearby.yaml", RuleBookTests.Venues);

    [Fact]
    public void FriendsNearby_TwoFriendsWithinTheDistanceJustSeen_Fires_AndSaysHowMany()
    {
        var fired = Enter(Friend("mia", 100, TimeSpan.FromMinutes(2)), Friend("leo", 40, TimeSpan.FromMinutes(9)));

        var offer = Assert.Single(fired);
        Assert.Equal("2 friends are near Aurora", offer.Message);
        Assert.Equal("2 of your friends are within 150 m right now", offer.Explanation!.Summary);
        Assert.Contains(offer.Explanation.Facts, f => f is { Name: "friendsNearby", Value: "2", Requirement: ">= 2 within 150 m, seen in the last 10m" });
    }

    [Theory]
    [InlineData(200, 2)] // too far
    [InlineData(100, 11)] // seen too long ago
    public void FriendsNearby_SecondFriendTooFarOrSeenTooLongAgo_DoesNotFire(double meters, int minutesAgo) =>
        Assert.Empty(Enter(Friend("mia", 100, TimeSpan.FromMinutes(2)), Friend("leo", meters, TimeSpan.FromMinutes(minutesAgo))));

    [Fact]
    public void FriendsNearby_TooFewFriends_IsTheReasonForNoOffer()
    {
        var reason = _book.Match(Input(Friend("mia", 10, TimeSpan.FromMinutes(1))), []);

        Assert.Equal(NoOfferReason.FriendsNearby, reason);
        Assert.Equal("friends-nearby", NoOfferReasons.Name(reason));
    }

    [Fact]
    public void FriendsNearby_OnlyRuleBooksWithTheConditionReadPositions()
    {
        Assert.Equal(TimeSpan.FromMinutes(10), _book.FriendsNearbyWindow);
        Assert.Equal(TimeSpan.Zero, RuleBookLoader.Parse("version: 1\nrules: []\n", "empty.yaml", RuleBookTests.Venues).FriendsNearbyWindow);
    }

    [Fact]
    public void GreatCircle_OneDegreeOfLatitude_IsAbout111Kilometres() =>
        Assert.InRange(GreatCircle.Meters(48, 2, 49, 2), 111_150, 111_250);

    private List<OfferCandidate> Enter(params FriendPosition[] friends)
    {
        var fired = new List<OfferCandidate>();
        _book.Evaluate(Input(friends), fired);
        return fired;
    }

    private static EvaluationInput Input(params FriendPosition[] friends)
    {
        var ping = new LocationPing { Id = "l", CustomerId = "jane", Timestamp = Now, Latitude = 48.86, Longitude = 2.34 };
        var geo = new GeoFacts { Entered = [new VenueProximity(RuleBookTests.Aurora, 0)] };
        var context = new CustomerContext(RuleBookTests.Profile(true, "fashion"), CustomerState.Empty, CustomerContext.NoFriendVisits) { FriendPositions = friends };
        return new EvaluationInput(ping, geo, context, Now);
    }

    // A friend due north of the ping: 1 degree of latitude is 111.2 km.
    private static FriendPosition Friend(string id, double metersNorth, TimeSpan ago) =>
        new(id, 48.86 + (metersNorth / 111_195.0), 2.34, Now - ago);
}
