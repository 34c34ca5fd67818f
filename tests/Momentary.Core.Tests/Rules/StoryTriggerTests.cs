using Momentary.Core.Context;
using Momentary.Core.Geofencing;
using Momentary.Core.Offers;
using Momentary.Core.Rules;
using Momentary.Core.Signals;

namespace Momentary.Core.Tests.Rules;

/// <summary>Beats of the Jane story beyond the boutique: the sedentary nudge, the price match, "welcome back", and the guards around them.</summary>
public sealed class StoryTriggerTests
{
    private const string Rules = """
        version: 1
        settings: { maxOffersPerSignal: 2 }
        rules:
          - id: stretch
            trigger: { sedentary: { minutes: 50 } }
            when: { consent: offers, quietHours: { from: "22:00", to: "08:00" } }
            offer: { message: "Stretch your legs: coffee at Kiosk is {discount} off", percent: 10, validFor: 30m }
          - id: price-match
            trigger: { priceCheck: {} }
            when: { consent: offers }
            offer: { message: "We match it: {discount}", priceMatch: true, validFor: 3h, stackable: true }
            priority: 5
          - id: aurora-coupon
            trigger: { priceCheck: {} }
            when: { consent: offers, segments: [fashion] }
            offer: { message: "{discount} off today", percent: 20, validFor: 3h }
          - id: guarded-match
            trigger: { priceCheck: { maxGapPercent: 25, maxGapAmount: 15, floor: 20 } }
            when: { consent: offers, segments: [guarded] }
            offer: { message: "Guarded match: {discount}", priceMatch: true, validFor: 1h }
          - id: missed-you
            trigger: { revisit: { venue: aurora, after: 30d } }
            when: { consent: offers }
            offer: { message: "We missed you at {venue}", validFor: 1d }
          - id: welcome-back
            trigger: { revisit: { venue: aurora, within: 24h } }
            when: { consent: offers }
            offer: { message: "Welcome back to {venue}", validFor: 2h }
            freshFor: 2m
        """;

    // 10:30 in Paris (UTC+1 in November).
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);
    private readonly RuleBook _book = RuleBookLoader.Parse(Rules, "story.yaml", RuleBookTests.Venues);

    [Fact]
    public void Sedentary_FiftyFiveMinutes_NudgesWithTheMinutesExplained()
    {
        var offer = Assert.Single(Evaluate(new WearableReading { Id = "w", CustomerId = "jane", Timestamp = Now, SedentaryMinutes = 55 }));
        Assert.Equal("stretch", offer.RuleId);
        Assert.Equal("Stretch your legs: coffee at Kiosk is 10% off", offer.Message);
        Assert.Contains(offer.Explanation!.Facts, f => f is { Name: "sedentaryMinutes", Value: "55", Requirement: ">= 50" });
        Assert.Contains("sitting for 55 minutes", offer.Explanation!.Summary, StringComparison.Ordinal);
    }

    [Fact]
    public void Sedentary_BelowThreshold_DoesNotFire() =>
        Assert.Empty(Evaluate(new WearableReading { Id = "w", CustomerId = "jane", Timestamp = Now, SedentaryMinutes = 20 }));

    [Theory]
    [InlineData(22, 30)] // 23:30 in Paris
    [InlineData(6, 59)] // 07:59 in Paris
    public void QuietHours_AcrossMidnightInTheCustomersZone_Suppress(int utcHour, int minute)
    {
        var at = new DateTimeOffset(2026, 11, 24, utcHour, minute, 0, TimeSpan.Zero);
        Assert.Empty(Evaluate(new WearableReading { Id = "w", CustomerId = "jane", Timestamp = at, SedentaryMinutes = 55 }, now: at));
    }

    [Fact]
    public void QuietHours_FollowDaylightSavingTime()
    {
        // 06:30 UTC is 08:30 in Paris in summer (UTC+2: outside quiet hours) but 07:30 in winter (UTC+1: quiet).
        var summer = new DateTimeOffset(2026, 7, 1, 6, 30, 0, TimeSpan.Zero);
        var winter = new DateTimeOffset(2026, 12, 1, 6, 30, 0, TimeSpan.Zero);
        Assert.Single(Evaluate(new WearableReading { Id = "s", CustomerId = "jane", Timestamp = summer, SedentaryMinutes = 55 }, now: summer));
        Assert.Empty(Evaluate(new WearableReading { Id = "w", CustomerId = "jane", Timestamp = winter, SedentaryMinutes = 55 }, now: winter));
    }

    [Fact]
    public void PriceCheck_CompetitorLower_MatchesThePriceAndStacksWithTheCoupon()
    {
        var check = new CommerceEvent { Id = "p", CustomerId = "jane", Timestamp = Now, Action = CommerceAction.PriceCheck, VenueId = "aurora", Sku = "sweater", Price = 89.90m, CompetitorPrice = 74.50m, Currency = "EUR" };
        var fired = Evaluate(check);
        var chosen = new List<OfferCandidate>();
        Arbiter.Choose(fired, _book.Settings.MaxOffersPerSignal, chosen);

        Assert.Equal(["price-match", "aurora-coupon"], chosen.Select(c => c.RuleId));
        var match = chosen[0];
        Assert.Equal(new Discount(DiscountKind.PriceMatch, 74.50m, "EUR"), match.Discount);
        Assert.Equal("We match it: 74.50 EUR", match.Message);
        Assert.True(match.Stackable);
        Assert.Contains(match.Explanation!.Facts, f => f is { Name: "competitorPrice", Value: "74.50" });
        Assert.Equal("aurora", match.Venue!.Id);
    }

    [Theory]
    [InlineData(89.90, 74.50, false)] // gap 15.40 (17%): over 15.00
    [InlineData(89.90, 75.00, true)] // gap 14.90 (16.6%): within both
    [InlineData(30.00, 12.00, false)] // gap 18.00 (60%): the 30 EUR item matched at 12 EUR
    [InlineData(40.00, 29.00, false)] // gap 11.00 but 27.5%: over 25%
    [InlineData(24.00, 19.50, false)] // gap 4.50 (18.75%) but below the 20.00 floor
    [InlineData(24.00, 20.00, true)] // at the floor
    public void PriceCheck_Guards_MatchOnlyWithinTheMaximumGapAndAboveTheFloor(double shelf, double competitor, bool fires)
    {
        var check = new CommerceEvent { Id = "p", CustomerId = "jane", Timestamp = Now, Action = CommerceAction.PriceCheck, Price = (decimal)shelf, CompetitorPrice = (decimal)competitor, Currency = "EUR" };
        var fired = Evaluate(check, profile: RuleBookTests.Profile(true, "guarded") with { TimeZone = "Europe/Paris" });
        var guarded = fired.SingleOrDefault(c => c.RuleId == "guarded-match");
        Assert.Equal(fires, guarded is not null);
        Assert.Contains(fired, c => c.RuleId == "price-match"); // the unguarded rule matches any lower price
        if (guarded is not null)
        {
            Assert.Contains(guarded.Explanation!.Facts, f => f is { Name: "gap", Requirement: "<= 25% and <= 15.00" });
            Assert.Contains(guarded.Explanation!.Facts, f => f is { Name: "competitorPrice", Requirement: "< shelf price, >= 20.00" });
        }
    }

    [Fact]
    public void PriceCheck_CompetitorNotLower_DoesNotFire() =>
        Assert.Empty(Evaluate(new CommerceEvent { Id = "p", CustomerId = "jane", Timestamp = Now, Action = CommerceAction.PriceCheck, Price = 70m, CompetitorPrice = 74.50m }));

    [Fact]
    public void Revisit_WithinWindow_WelcomesBack_AndNotAfterIt()
    {
        Assert.Equal("Welcome back to Aurora", Assert.Single(EnterAurora(lastVisit: Now.AddHours(-20))).Message);
        Assert.Empty(EnterAurora(lastVisit: Now.AddHours(-30)));
    }

    [Fact]
    public void Revisit_After_WelcomesBackOnlyAfterAnAbsence()
    {
        var back = Assert.Single(EnterAurora(lastVisit: Now.AddDays(-42)));
        Assert.Equal(("missed-you", "We missed you at Aurora"), (back.RuleId, back.Message));
        Assert.Equal("welcome back: your last visit was 42 days ago", back.Explanation!.Summary);
        Assert.Contains(back.Explanation!.Facts, f => f is { Name: "lastVisit", Requirement: "at least 30d ago" });
        Assert.Empty(EnterAurora(lastVisit: Now.AddDays(-29))); // not away long enough (and past welcome-back's 24h)
        Assert.Equal("welcome-back", Assert.Single(EnterAurora(lastVisit: Now.AddHours(-3))).RuleId);
    }

    [Fact]
    public void Freshness_SignalOlderThanTheRuleAllows_IssuesNothing() =>
        Assert.Empty(EnterAurora(lastVisit: Now.AddHours(-20), now: Now.AddMinutes(3))); // freshFor: 2m

    [Theory]
    [InlineData("""{ from: "22:00", to: "22:00" }""", "start and end at the same time")]
    [InlineData("""{ from: "10pm", to: "08:00" }""", "'from' is not a time of day")]
    public void Validation_ImpossibleQuietHours_AreLocated(string quiet, string problem)
    {
        var yaml = $"version: 1\nrules:\n  - id: x\n    trigger: {{ sedentary: {{ minutes: 50 }} }}\n    when: {{ quietHours: {quiet} }}\n    offer: {{ message: m, validFor: 1h }}\n";
        var error = Assert.Single(Assert.Throws<RuleFileException>(() => RuleBookLoader.Parse(yaml, "q.yaml", RuleBookTests.Venues)).Errors);
        Assert.Contains(problem, error.Problem, StringComparison.Ordinal);
        Assert.Equal(5, error.Line);
    }

    [Fact]
    public void Validation_PriceMatchWithoutPriceCheck_IsAnError()
    {
        const string yaml = "version: 1\nrules:\n  - id: x\n    trigger: { sedentary: { minutes: 5 } }\n    offer: { message: m, priceMatch: true, validFor: 1h }\n";
        var error = Assert.Single(Assert.Throws<RuleFileException>(() => RuleBookLoader.Parse(yaml, "p.yaml", RuleBookTests.Venues)).Errors);
        Assert.Contains("needs a priceCheck trigger", error.Problem, StringComparison.Ordinal);
    }

    private List<OfferCandidate> EnterAurora(DateTimeOffset lastVisit, DateTimeOffset? now = null)
    {
        var state = new CustomerState { LastVisits = new Dictionary<string, DateTimeOffset> { ["aurora"] = lastVisit } };
        var ping = new LocationPing { Id = "l", CustomerId = "jane", Timestamp = Now, Latitude = 48.86, Longitude = 2.34 };
        var geo = new GeoFacts { Entered = [new VenueProximity(RuleBookTests.Aurora, 0)] };
        var fired = new List<OfferCandidate>();
        _book.Evaluate(new EvaluationInput(ping, geo, new CustomerContext(Profile(), state, new Dictionary<string, IReadOnlyList<FriendVisit>>()), now ?? Now), fired);
        AssertEverySummaryIsASentence(fired);
        return fired;
    }

    private List<OfferCandidate> Evaluate(Signal signal, DateTimeOffset? now = null, CustomerProfile? profile = null)
    {
        var fired = new List<OfferCandidate>();
        _book.Evaluate(new EvaluationInput(signal, GeoFacts.Empty, new CustomerContext(profile ?? Profile(), CustomerState.Empty, new Dictionary<string, IReadOnlyList<FriendVisit>>()), now ?? Now), fired);
        AssertEverySummaryIsASentence(fired);
        return fired;
    }

    private static CustomerProfile Profile() => RuleBookTests.Profile(true, "fashion") with { TimeZone = "Europe/Paris" };

    // docs/rules.md promises one sentence per offer explaining why, whatever the trigger kind.
    private static void AssertEverySummaryIsASentence(List<OfferCandidate> fired) =>
        Assert.All(fired, c => Assert.False(string.IsNullOrWhiteSpace(c.Explanation!.Summary), c.RuleId + " has an empty summary"));
}
