using Momentary.Core.Context;
using Momentary.Core.Geofencing;
using Momentary.Core.Offers;
using Momentary.Core.Rules;
using Momentary.Core.Signals;
using Momentary.Core.Venues;

namespace Momentary.Core.Tests.Rules;

public sealed class RuleBookTests
{
    internal const string FriendsRule = """
        version: 1
        rules:
          - id: aurora-friends
            trigger: { enter: { venue: aurora } }
            when:
              consent: offers
              segments: [fashion]
              friends: { atLeast: 3, within: 14d }
            offer:
              message: "{discount} off at {venue}, valid {validFor}"
              percent: 20
              validFor: 3h
            priority: 10
        """;

    internal static readonly Venue Aurora = new("aurora", "Aurora", "fashion");
    internal static readonly Dictionary<string, Venue> Venues = new() { ["aurora"] = Aurora, ["freshco"] = new("freshco", "FreshCo", "grocery") };
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 40, 0, TimeSpan.Zero);

    [Fact]
    public void Evaluate_EnterWithThreeFriendsConsentAndSegment_FiresWithExplanation()
    {
        var book = RuleBookLoader.Parse(FriendsRule, "rules.yaml", Venues);
        var fired = Evaluate(book, Profile(consent: true, "fashion"), friends: 3);

        var offer = Assert.Single(fired);
        Assert.Equal("aurora-friends", offer.RuleId);
        Assert.Equal("20% off at Aurora, valid 3 hours", offer.Message);
        Assert.Equal(Discount.Percent(20), offer.Discount);
        Assert.Equal(TimeSpan.FromHours(3), offer.ValidFor);
        Assert.Equal("enter:aurora", offer.Explanation!.Trigger);
        Assert.Contains("3 friends visited in 14 days", offer.Explanation!.Summary, StringComparison.Ordinal);
        Assert.Contains(offer.Explanation!.Facts, f => f is { Name: "friendsVisited", Value: "3", Requirement: ">= 3 in 14d" });
        Assert.Contains(offer.Explanation!.Facts, f => f is { Name: "consent", Value: "offers" });
    }

    [Theory]
    [InlineData(false, "fashion", 3)]
    [InlineData(true, "grocery", 3)]
    [InlineData(true, "fashion", 2)]
    public void Evaluate_AnyConditionMissing_DoesNotFire(bool consent, string segment, int friends)
    {
        var book = RuleBookLoader.Parse(FriendsRule, "rules.yaml", Venues);
        Assert.Empty(Evaluate(book, Profile(consent, segment), friends));
    }

    [Fact]
    public void Evaluate_FriendVisitsOlderThanWindow_AreNotCounted()
    {
        var book = RuleBookLoader.Parse(FriendsRule, "rules.yaml", Venues);
        Assert.Empty(Evaluate(book, Profile(true, "fashion"), friends: 3, visitAge: TimeSpan.FromDays(15)));
    }

    [Fact]
    public void Evaluate_UnknownCustomer_DoesNotFire()
    {
        var book = RuleBookLoader.Parse(FriendsRule, "rules.yaml", Venues);
        Assert.Empty(Evaluate(book, profile: null, friends: 5));
    }

    [Fact]
    public void FriendWindow_IsTheLongestWindowOfAnyRule() =>
        Assert.Equal(TimeSpan.FromDays(14), RuleBookLoader.Parse(FriendsRule, "rules.yaml", Venues).FriendWindow);

    internal static CustomerProfile Profile(bool consent, params string[] segments) => new()
    {
        CustomerId = "jane",
        Segments = segments,
        Consent = new Dictionary<string, bool> { ["offers"] = consent },
    };

    [Fact]
    public void Match_DecidesWithoutText_RenderGivesWhatEvaluateGives()
    {
        var book = RuleBookLoader.Parse(FriendsRule, "rules.yaml", Venues);
        var input = Input(Profile(consent: true, "fashion"), friends: 3);
        var matched = new List<OfferCandidate>();
        var evaluated = new List<OfferCandidate>();

        book.Match(input, matched);
        book.Evaluate(input, evaluated);

        var match = Assert.Single(matched);
        Assert.False(match.IsRendered);
        Assert.Equal(string.Empty, match.Message);
        Assert.Equal((20, 10), ((int)match.Discount.Value, match.Priority)); // what arbitration needs is there
        var rendered = book.Render(match, input);
        var evaluatedOne = Assert.Single(evaluated);
        Assert.Equal(evaluatedOne.Message, rendered.Message);
        Assert.Equal(evaluatedOne.Explanation!.Summary, rendered.Explanation!.Summary);
        Assert.Equal(evaluatedOne.Explanation.Facts, rendered.Explanation.Facts);
        Assert.Throws<ArgumentException>(() => OfferFactory.Create(match, input.Signal, Now));
    }

    private static List<OfferCandidate> Evaluate(RuleBook book, CustomerProfile? profile, int friends, TimeSpan? visitAge = null)
    {
        var fired = new List<OfferCandidate>();
        book.Evaluate(Input(profile, friends, visitAge), fired);
        return fired;
    }

    private static EvaluationInput Input(CustomerProfile? profile, int friends, TimeSpan? visitAge = null)
    {
        var visits = Enumerable.Range(0, friends).Select(i => new FriendVisit($"friend-{i}", Now - (visitAge ?? TimeSpan.FromDays(2)))).ToArray();
        var context = new CustomerContext(profile, CustomerState.Empty, new Dictionary<string, IReadOnlyList<FriendVisit>> { ["aurora"] = visits });
        var ping = new LocationPing { Id = "s1", CustomerId = "jane", Timestamp = Now, Latitude = 48.85, Longitude = 2.35 };
        var geo = new GeoFacts { Entered = [new VenueProximity(Aurora, 0)], Inside = [new VenueProximity(Aurora, 0)] };
        return new EvaluationInput(ping, geo, context, Now);
    }
}
