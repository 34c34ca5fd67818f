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
