using Momentary.Core.Context;
using Momentary.Core.Offers;
using Momentary.Core.Rules;

namespace Momentary.Core.Tests.Rules;

public sealed class ArbiterTests
{
    [Fact]
    public void Choose_SeveralExclusive_TakesHighestPriorityOnly()
    {
        var chosen = new List<OfferCandidate>();
        Arbiter.Choose([Candidate("low", 1), Candidate("high", 9), Candidate("mid", 5)], 3, chosen);
        Assert.Equal(["high"], chosen.Select(c => c.RuleId));
    }

    [Fact]
    public void Choose_StackableJoinsExclusive_UpToMaximum()
    {
        var chosen = new List<OfferCandidate>();
        Arbiter.Choose([Candidate("coupon", 5), Candidate("match", 7, stackable: true), Candidate("other", 1, stackable: true)], 2, chosen);
        Assert.Equal(["match", "coupon"], chosen.Select(c => c.RuleId));
    }

    [Fact]
    public void Choose_EqualPriority_HigherExpectedValueWins_PriorityStillFirst()
    {
        var chosen = new List<OfferCandidate>();
        Arbiter.Choose([Candidate("a", 1, expectedValue: 2.0), Candidate("b", 1, expectedValue: 7.5), Candidate("c", 0, expectedValue: 50)], 1, chosen);
        Assert.Equal("b", Assert.Single(chosen).RuleId);
    }

    [Fact]
    public void ExpectedValue_IsPropensityTimesValue_FromTheCustomersHistory()
    {
        const string yaml = "version: 1\nrules:\n  - id: cafe\n    trigger: { sedentary: { minutes: 1 } }\n    offer: { message: m, amount: 4, validFor: 1h, category: cafe }\n  - id: shoes\n    trigger: { sedentary: { minutes: 1 } }\n    offer: { message: m, percent: 30, value: 12, validFor: 1h, category: shoes }\n";
        var book = RuleBookLoader.Parse(yaml, "ev.yaml", RuleBookTests.Venues);
        var now = new DateTimeOffset(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);
        var state = new CustomerState { Propensities = new Dictionary<string, CategoryPropensity> { ["cafe"] = new(6, 5, now) } }; // (5+1)/(6+4) = 0.6
        var fired = new List<OfferCandidate>();
        book.Evaluate(new EvaluationInput(new Core.Signals.WearableReading { Id = "w", CustomerId = "jane", Timestamp = now, SedentaryMinutes = 5 }, Core.Geofencing.GeoFacts.Empty, new CustomerContext(new CustomerProfile { CustomerId = "jane" }, state, new Dictionary<string, IReadOnlyList<FriendVisit>>()), now), fired);
        Assert.Equal(0.6 * 4, fired.Single(c => c.RuleId == "cafe").ExpectedValue, 9);
        Assert.Equal(0.25 * 12, fired.Single(c => c.RuleId == "shoes").ExpectedValue, 9); // prior × explicit value

        var chosen = new List<OfferCandidate>();
        Arbiter.Choose(fired, 1, chosen);
        Assert.Equal("shoes", Assert.Single(chosen).RuleId); // 3.0 > 2.4
    }

    [Fact]
    public void Choose_EqualPriority_BreaksTiesByRuleId()
    {
        var chosen = new List<OfferCandidate>();
        Arbiter.Choose([Candidate("b", 1), Candidate("a", 1)], 1, chosen);
        Assert.Equal("a", Assert.Single(chosen).RuleId);
    }

    private static OfferCandidate Candidate(string id, int priority, bool stackable = false, double expectedValue = 0) => new()
    {
        RuleId = id,
        Category = "c",
        ExpectedValue = expectedValue,
        Message = id,
        Discount = Discount.Percent(10),
        Priority = priority,
        Stackable = stackable,
        ValidFor = TimeSpan.FromHours(1),
        Caps = CapPolicy.None,
        Explanation = new OfferExplanation("t", "s", []),
    };
}
