using Momentary.Core.Context;
using Momentary.Core.Geofencing;
using Momentary.Core.Rules;
using Momentary.Core.Signals;

namespace Momentary.Core.Tests.Rules;

/// <summary>Each condition kind, in the customer's own time zone where time matters.</summary>
public sealed class ConditionKindsTests
{
    private static CustomerProfile Jane => new()
    {
        CustomerId = "jane",
        Segments = ["fashion"],
        Interests = ["coffee"],
        Tier = "gold",
        TimeZone = "Europe/Paris",
        Consent = new Dictionary<string, bool> { ["offers"] = true, ["location"] = true, ["sms"] = false },
    };

    [Theory]
    [InlineData("consent: [offers, location]", true)]
    [InlineData("consent: [offers, sms]", false)]
    [InlineData("interests: [coffee, tea]", true)]
    [InlineData("interests: [tea]", false)]
    [InlineData("tier: [gold, platinum]", true)]
    [InlineData("tier: silver", false)]
    [InlineData("segments: fashion", true)]
    [InlineData("segments: [grocery]", false)]
    public void ProfileConditions(string when, bool fires) =>
        Assert.Equal(fires, Fires(when, new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero)));

    [Theory]
    [InlineData(2026, 11, 24, 7, 30, true)]   // Tue 08:30 Paris
    [InlineData(2026, 11, 24, 6, 59, false)]  // Tue 07:59 Paris
    [InlineData(2026, 11, 24, 10, 0, false)]  // Tue 11:00 Paris: window ends at 11:00 (exclusive)
    [InlineData(2026, 11, 28, 8, 0, false)]   // Sat 09:00 Paris: not a weekday
    public void Hours_And_Days_InTheCustomersZone(int y, int mo, int d, int h, int mi, bool fires) =>
        Assert.Equal(fires, Fires("hours: { from: \"08:00\", to: \"11:00\" }\n      days: [mon, tue, wed, thu, fri]", new DateTimeOffset(y, mo, d, h, mi, 0, TimeSpan.Zero)));

    [Theory]
    [InlineData(2026, 11, 27, 22, 30, true)]  // Fri 23:30 Paris
    [InlineData(2026, 11, 28, 0, 30, true)]   // Sat 01:30 Paris: the Friday-night window, opened Friday
    [InlineData(2026, 11, 28, 22, 30, false)] // Sat 23:30 Paris: Saturday's window is not allowed
    [InlineData(2026, 11, 27, 20, 30, false)] // Fri 21:30 Paris: before the window
    public void Hours_AcrossMidnight_BelongToTheDayTheyStarted(int y, int mo, int d, int h, int mi, bool fires) =>
        Assert.Equal(fires, Fires("hours: { from: \"22:00\", to: \"02:00\" }\n      days: [fri]", new DateTimeOffset(y, mo, d, h, mi, 0, TimeSpan.Zero)));

    [Fact]
    public void Hours_FollowDaylightSavingTime()
    {
        // 07:30 UTC is 09:30 in Paris in summer (inside 09:00-10:00) but 08:30 in winter (outside).
        Assert.True(Fires("hours: { from: \"09:00\", to: \"10:00\" }", new DateTimeOffset(2026, 7, 1, 7, 30, 0, TimeSpan.Zero)));
        Assert.False(Fires("hours: { from: \"09:00\", to: \"10:00\" }", new DateTimeOffset(2026, 12, 1, 7, 30, 0, TimeSpan.Zero)));
    }

    [Theory]
    [InlineData(2026, 11, 30, 22, 59, false)] // 23:59 on Nov 30 in Paris: not started
    [InlineData(2026, 11, 30, 23, 0, true)]   // 00:00 on Dec 1 in Paris
    [InlineData(2026, 12, 24, 22, 59, true)]  // 23:59 on Dec 24 in Paris: last day, inclusive
    [InlineData(2026, 12, 24, 23, 0, false)]  // 00:00 on Dec 25 in Paris: over
    public void Dates_InclusiveLocalDates(int y, int mo, int d, int h, int mi, bool fires) =>
        Assert.Equal(fires, Fires("dates: { from: 2026-12-01, until: 2026-12-24 }", new DateTimeOffset(y, mo, d, h, mi, 0, TimeSpan.Zero)));

    [Fact]
    public void Propensity_UsesTheOfferCategoryAndThePriorForNewCustomers()
    {
        var at = new DateTimeOffset(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);
        Assert.True(Fires("propensity: { atLeast: 0.25 }", at)); // prior 1/(1+3)
        Assert.False(Fires("propensity: { atLeast: 0.3 }", at));
        var redeemer = new CustomerState { Propensities = new Dictionary<string, CategoryPropensity> { ["cafe"] = new(4, 3, at) } };
        Assert.True(Fires("propensity: { atLeast: 0.5 }", at, redeemer)); // (3+1)/(4+4)
        var other = new CustomerState { Propensities = new Dictionary<string, CategoryPropensity> { ["fashion"] = new(4, 3, at) } };
        Assert.False(Fires("propensity: { atLeast: 0.5 }", at, other));
    }

    [Fact]
    public void Propensity_DecaysWithAThirtyDayHalfLife_AndRedemptionsRaiseIt()
    {
        var t0 = new DateTimeOffset(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
        var p = new CategoryPropensity(0, 0, t0).AfterOffer(t0).AfterRedemption(t0);
        Assert.Equal(2.0 / 5, p.Estimate(t0), 9);
        Assert.Equal((0.5 + 1) / (0.5 + 4), p.Estimate(t0.AddDays(30)), 9);
        Assert.True(p.AfterOffer(t0).Estimate(t0) < p.Estimate(t0)); // offered again, not redeemed
    }

    private static bool Fires(string when, DateTimeOffset now, CustomerState? state = null)
    {
        var yaml = $"version: 1\nrules:\n  - id: r\n    trigger: {{ sedentary: {{ minutes: 1 }} }}\n    when:\n      {when}\n    offer: {{ message: m, validFor: 1h, category: cafe }}\n";
        var book = RuleBookLoader.Parse(yaml, "c.yaml", RuleBookTests.Venues);
        var fired = new List<OfferCandidate>();
        var signal = new WearableReading { Id = "w", CustomerId = "jane", Timestamp = now, SedentaryMinutes = 60 };
        book.Evaluate(new EvaluationInput(signal, GeoFacts.Empty, new CustomerContext(Jane, state ?? CustomerState.Empty, new Dictionary<string, IReadOnlyList<FriendVisit>>()), now), fired);
        return fired.Count == 1;
    }
}
