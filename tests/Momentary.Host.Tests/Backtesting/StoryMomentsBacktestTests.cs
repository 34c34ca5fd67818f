using Momentary.Testing;
using Momentary.Core.Context;
using Momentary.Core.Offers;
using Momentary.Core.Rules;
using Momentary.Geo.Venues;
using Momentary.Host.Backtesting;
using Momentary.Host.Commands;
using Momentary.Host.Tests.Support;

namespace Momentary.Host.Tests.Backtesting;

/// <summary>
/// The founding story's moments added by issue 19 (docs/examples/moments), replayed by <c>momentary rules backtest</c>:
/// each construct fires on the signal the example's README says, stays silent on the one beside it, and explains itself.
/// </summary>
public sealed class StoryMomentsBacktestTests
{
    private static readonly string Dir = RepoFiles.Path("docs", "examples", "moments");
    private static readonly string Venues = RepoFiles.Path("src", "Momentary.Host", "Demo", "mall.geojson");

    [Fact]
    public async Task Backtest_output_matches_the_recorded_example_exactly()
    {
        var writer = new StringWriter { NewLine = "\n" };
        var code = await RulesCommands.BacktestAsync(new FileInfo(Path.Combine(Dir, "rules.yaml")), new FileInfo(Path.Combine(Dir, "signals.ndjson")), new FileInfo(Path.Combine(Dir, "context.ndjson")), new FileInfo(Venues), null, writer, CancellationToken.None);

        Assert.Equal(0, code);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(Dir, "expected-output.txt")), writer.ToString());
    }

    [Fact]
    public async Task Guarded_price_match_fires_within_the_gap_and_not_beyond_it_or_below_the_floor()
    {
        var report = await RunAsync();

        var matches = report.Offers.Where(o => o.RuleId == "guarded-price-match").ToList();
        var match = Assert.Single(matches); // pc-2 (30.00 matched at 12.00: gap 60%) and pc-3 (19.00: below the 20.00 floor) do not fire
        Assert.Equal("pc-1", match.SignalId);
        Assert.Equal("a competitor sells it for 74.50 instead of 89.00", match.Explanation.Summary);
        Assert.Contains(match.Explanation.Facts, f => f is { Name: "gap", Value: "14.50 (16.3%)", Requirement: "<= 25% and <= 15.00" });
    }

    [Fact]
    public async Task Redemptions_are_attributed_by_offer_id_first_then_by_category_window_then_to_the_named_rule()
    {
        var report = await RunAsync();

        var byId = report.Redemptions.ToDictionary(r => r.Key, r => r.Value);
        Assert.Equal((AttributionMethod.Offer, "guarded-price-match", true), (byId["rd-1"].Method, byId["rd-1"].RuleId, byId["rd-1"].Converted));
        Assert.Equal((AttributionMethod.CategoryWindow, "guarded-price-match", false), (byId["rd-2"].Method, byId["rd-2"].RuleId, byId["rd-2"].Converted));
        Assert.Equal((AttributionMethod.NamedRule, "autumn-flyer"), (byId["rd-3"].Method, byId["rd-3"].RuleId));
        var tally = report.Rules.Single(r => r.Key == "guarded-price-match").Value;
        Assert.Equal((2, 1), (tally.Redeemed, tally.ConvertedTreatment)); // one offer converts once, however often it is redeemed
    }

    [Fact]
    public async Task Revisit_after_an_absence_fires_after_32_days_away_and_not_after_15()
    {
        var report = await RunAsync();

        var back = Assert.Single(report.Offers, o => o.RuleId == "missed-you");
        Assert.Equal("cafe-3", back.SignalId); // cafe-2 came back after 15 days only
        Assert.Equal("welcome back: your last visit was 32 days ago", back.Explanation.Summary);
    }

    [Fact]
    public async Task After_a_run_fires_on_the_first_rest_after_25_minutes_above_140_bpm_only()
    {
        var report = await RunAsync();

        var run = Assert.Single(report.Offers, o => o.RuleId == "after-run"); // not hr-9 (rested already), not hr-13 (a 10-minute spell)
        Assert.Equal("hr-8", run.SignalId);
        Assert.Equal("after 25 minutes with your heart rate above 140 bpm, you are resting at 92 bpm", run.Explanation.Summary);
    }

    [Fact]
    public async Task Friends_nearby_fires_with_two_friends_seen_in_the_mall_and_not_with_one()
    {
        var report = await RunAsync();

        var mall = Assert.Single(report.Offers, o => o.RuleId == "friends-in-the-mall"); // not mall-8: leo's position is 25 minutes old
        Assert.Equal("mall-4", mall.SignalId);
        Assert.Equal("2 of your friends are within 150 m right now", mall.Explanation.Summary);
        Assert.StartsWith("2 of your friends are in Riverside Mall right now", mall.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Offer_variants_split_by_the_stable_hash_and_count_conversions_per_variant()
    {
        var report = await RunAsync();

        var tests = report.Offers.Where(o => o.RuleId == "aurora-copy-test").ToList();
        Assert.Equal(8, tests.Count); // 10 customers, s4 and s8 held out (25% holdout)
        Assert.All(tests, o => Assert.Equal(Holdout.VariantBucket("aurora-copy-test", o.CustomerId) < 5000 ? "plain" : "urgent", o.Variant));
        Assert.All(tests.Where(o => o.Variant == "urgent"), o => Assert.Equal("Only 3 hours: 15% off at Aurora", o.Message));
        var tally = report.Rules.Single(r => r.Key == "aurora-copy-test").Value;
        Assert.Equal((4, 1), (tally.Variants["plain"].Issued, tally.Variants["plain"].ConvertedTreatment));
        Assert.Equal((4, 3, 2, 1), (tally.Variants["urgent"].Issued, tally.Variants["urgent"].ConvertedTreatment, tally.Variants["urgent"].HeldOut, tally.Variants["urgent"].ConvertedControl));
        var rd4 = report.Redemptions.Single(r => r.Key == "rd-4").Value;
        Assert.Equal(("urgent", AttributionMethod.Offer, true), (rd4.Variant, rd4.Method, rd4.Converted));

        var writer = new StringWriter { NewLine = "\n" };
        Backtester.WriteSummary(report, writer);
        Assert.Contains("variant aurora-copy-test/urgent: converted 3 of 4 = 75.0%; control 1 of 2 = 50.0%; lift +25.0 points", writer.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Referral_credit_notifies_the_sharer_with_the_months_earnings_and_not_for_small_credits()
    {
        var report = await RunAsync();

        var notices = report.Offers.Where(o => o.RuleId == "referral-thanks").ToList();
        Assert.Equal(["rc-ref-buy-1", "rc-ref-buy-3"], notices.Select(o => o.SignalId)); // ref-buy-2 credited 0.50: under atLeast 1.00
        Assert.All(notices, o => Assert.Equal("jane", o.CustomerId));
        Assert.Equal(new OfferEarnings(5.50m, 10.00m, "2026-12", "EUR"), notices[1].Earnings);
        Assert.Equal("A friend bought through your link: you earned 5.50 EUR (10.00 EUR this month)", notices[1].Message);
        Assert.Equal([4.00m, 0.50m, 5.50m], report.ReferralCredits.Select(c => c.Credited));
    }

    internal static async Task<BacktestReport> RunAsync()
    {
        var catalog = VenueCatalog.Load(Venues);
        var book = RuleBookLoader.Load(Path.Combine(Dir, "rules.yaml"), catalog.Venues);
        using var context = File.OpenText(Path.Combine(Dir, "context.ndjson"));
        using var signals = File.OpenText(Path.Combine(Dir, "signals.ndjson"));
        return await Backtester.RunAsync(book, catalog, context, signals);
    }
}
