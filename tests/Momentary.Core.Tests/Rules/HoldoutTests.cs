using System.Globalization;
using System.Text.RegularExpressions;
using Momentary.Core.Context;
using Momentary.Core.Geofencing;
using Momentary.Core.Rules;
using Momentary.Core.Signals;

namespace Momentary.Core.Tests.Rules;

public sealed partial class HoldoutTests
{
    [Fact]
    public void Bucket_IsPinned_SoGroupsSurviveUpgradesAndHosts()
    {
        // Changing the hash would silently move customers between groups mid-campaign: these values must not change.
        Assert.Equal(6514, Holdout.Bucket("aurora-friends", "jane"));
        Assert.Equal(247, Holdout.Bucket("aurora-friends", "ted"));
    }

    [Fact]
    public void Hash_MatchesEveryTestVectorInTheRulesDoc()
    {
        var doc = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Docs", "rules.md"));
        var vectors = VectorRow().Matches(doc);
        Assert.True(vectors.Count >= 5, "docs/rules.md lists the holdout test vectors");
        foreach (Match v in vectors)
        {
            var (ruleId, customerId) = (v.Groups["rule"].Value, v.Groups["customer"].Value);
            var bytes = System.Text.Encoding.UTF8.GetBytes(ruleId + "/" + customerId);
            Assert.Equal(v.Groups["bytes"].Value, Convert.ToHexStringLower(bytes));
            Assert.Equal(uint.Parse(v.Groups["hash"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture), Holdout.Hash(ruleId, customerId));
            Assert.Equal(int.Parse(v.Groups["bucket"].Value, CultureInfo.InvariantCulture), Holdout.Bucket(ruleId, customerId));
        }
    }

    [Fact]
    public void VariantBucket_MatchesEveryVariantVectorInTheRulesDoc()
    {
        var doc = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Docs", "rules.md"));
        var vectors = VariantVectorRow().Matches(doc);
        Assert.True(vectors.Count >= 4, "docs/rules.md lists the variant test vectors");
        foreach (Match v in vectors)
        {
            var (ruleId, customerId) = (v.Groups["rule"].Value, v.Groups["customer"].Value);
            Assert.Equal(v.Groups["bytes"].Value, Convert.ToHexStringLower(System.Text.Encoding.UTF8.GetBytes(ruleId + "/" + customerId + "/variant")));
            Assert.Equal(int.Parse(v.Groups["bucket"].Value, CultureInfo.InvariantCulture), Holdout.VariantBucket(ruleId, customerId));
            Assert.Equal(uint.Parse(v.Groups["hash"].Value, NumberStyles.HexNumber, CultureInfo.InvariantCulture) % Holdout.Buckets, (uint)Holdout.VariantBucket(ruleId, customerId));
        }
    }

    [Fact]
    public void VariantBucket_SplitsCustomersByTheShares_IndependentlyOfTheHoldout()
    {
        var ids = Enumerable.Range(0, 20_000).Select(i => "c" + i).ToArray();
        var low = ids.Count(id => Holdout.VariantBucket("rule-a", id) < 3000);
        var lowAndControl = ids.Count(id => Holdout.VariantBucket("rule-a", id) < 3000 && Holdout.InControl("rule-a", id, 1000));
        Assert.InRange(low, 5700, 6300); // 30% ± 1.5 points
        Assert.InRange(lowAndControl, 480, 720); // ≈ 3% if independent of the holdout bucket
    }

    [Fact]
    public void Hash_IsFnv1a32OfTheUtf8Bytes_ForAnyId()
    {
        foreach (var (rule, customer) in new[] { ("r", "ascii"), ("règle", "josé"), ("r", "顧客"), ("r", "😀"), ("r", "bad\ud800pair") })
        {
            var expected = 2166136261u;
            foreach (var b in System.Text.Encoding.UTF8.GetBytes(rule + "/" + customer))
            {
                expected = (expected ^ b) * 16777619u;
            }

            Assert.Equal(expected, Holdout.Hash(rule, customer));
        }
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

        Assert.True(HeldOut("ted"));
        Assert.True(HeldOut("ted"));
        Assert.False(HeldOut("jane"));
    }

    // | `ruleId` | `customerId` | `hex` | `0xhash` | bucket | `variant` |
    [GeneratedRegex(@"^\| `(?<rule>[^`]+)` \| `(?<customer>[^`]+)` \| `(?<bytes>[0-9a-f]+)` \| `0x(?<hash>[0-9a-f]{8})` \| (?<bucket>\d+) \| `[a-z0-9-]+` \|$", RegexOptions.Multiline)]
    private static partial Regex VariantVectorRow();

    // | `ruleId` | `customerId` | `hex` | `0xhash` | bucket |
    [GeneratedRegex(@"^\| `(?<rule>[^`]+)` \| `(?<customer>[^`]+)` \| `(?<bytes>[0-9a-f]+)` \| `0x(?<hash>[0-9a-f]{8})` \| (?<bucket>\d+) \|$", RegexOptions.Multiline)]
    private static partial Regex VectorRow();
}
