using Momentary.Core.Context;
using Momentary.Core.Geofencing;
using Momentary.Core.Rules;
using Momentary.Core.Signals;

namespace Momentary.Core.Tests.Rules;

public sealed class HoldoutTests
{
    [Fact]
    public void Bucket_IsPinned_SoGroupsSurviveUpgradesAndHosts()
    {
        // Changing the hash would silently move customers between groups mid-campaign: these values must not change.
        Assert.Equal(540, Holdout.Bucket("aurora-friends", "jane"));
        Assert.Equal(83, Holdout.Bucket("aurora-friends", "sam"));
    }

    [Fact]
    public void Assignment_IsCloseToThePercentage_AndIndependentAcrossRules()
    {
        var ids = Enumerable.Range(0, 20_000).Select(i => "c" + i).ToArray();
        var a = ids.Count(id => Holdout.InControl("rule-a", id, 1000));
        var b = ids.Count(id => Holdout.InControl("rule-b", id, 1000));
        var both = ids.Count(id => Holdout.InControl("rule-a", id, 1000) && Holdout.InControl("rule-b", id, 1000));
        Assert.InRange(a, 1800, 2200); // 10% ± 1 point
        Assert.InRange(b, 1800, 2200);
        Assert.InRange(both, 140, 260); // ≈ 1% if independent, not 10% if correlated
        Assert.False(Holdout.InControl("rule-a", "c1", 0));
    }

    [Fact]
    public void HeldOutCustomer_IsMarkedOnTheCandidate_Deterministically()
    {
        const string yaml = "version: 1\nrules:\n  - id: aurora-friends\n    trigger: { sedentary: { minutes: 1 } }\n    holdout: 5%\n    offer: { message: m, validFor: 1h }\n";
        var book = RuleBookLoader.Parse(yaml, "h.yaml", RuleBookTests.Venues);
        bool HeldOut(string customer)
        {
            var fired = new List<OfferCandidate>();
            var now = DateTimeOffset.UnixEpoch.AddYears(56);
            book.Evaluate(new EvaluationInput(new WearableReading { Id = "w", CustomerId = customer, Timestamp = now, SedentaryMinutes = 5 }, GeoFacts.Empty, new CustomerContext(new CustomerProfile { CustomerId = customer }, CustomerState.Empty, new Dictionary<string, IReadOnlyList<FriendVisit>>()), now), fired);
            return Assert.Single(fired).HeldOut;
        }

        Assert.True(HeldOut("sam"));
        Assert.True(HeldOut("sam"));
        Assert.False(HeldOut("jane"));
    }
}
