using Momentary.Testing;
using System.Text;
using Momentary.Core.Offers;
using Momentary.Core.Rules;
using Momentary.Geo.Venues;
using Momentary.Host.Backtesting;
using Momentary.Host.Commands;
using Momentary.Host.Tests.Support;

namespace Momentary.Host.Tests.Backtesting;

/// <summary>The whole Jane story (docs/examples/jane) replayed by <c>momentary rules backtest</c>.</summary>
public sealed class JaneStoryBacktestTests
{
    private static readonly string Dir = RepoFiles.Path("docs", "examples", "jane");
    private static readonly string Venues = RepoFiles.Path("src", "Momentary.Host", "Demo", "mall.geojson");

    [Fact]
    public async Task Backtest_output_matches_the_recorded_story_exactly()
    {
        var output = await RunCommandAsync(Path.Combine(Dir, "signals.ndjson"));

        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(Dir, "expected-output.txt")), output);
    }

    [Fact]
    public async Task Every_beat_of_the_story_issues_its_offer_in_order()
    {
        var report = await RunAsync(await File.ReadAllTextAsync(Path.Combine(Dir, "signals.ndjson")));

        Assert.Equal(["stretch-coffee", "aurora-friends", "price-match", "share-referral", "grocery-routine", "cafe-welcome-back"], report.Offers.Select(o => o.RuleId));
        Assert.All(report.Offers, o => Assert.Equal("jane", o.CustomerId));
        var aurora = report.Offers[1];
        Assert.Equal("20% off at Aurora, valid 3 hours: 3 of your friends shopped here recently", aurora.Message);
        Assert.Equal(aurora.IssuedAt.AddHours(3), aurora.ExpiresAt);
        Assert.Contains(aurora.Explanation.Facts, f => f is { Name: "friendsVisited", Value: "3" });
        var match = report.Offers[2];
        Assert.Equal(new Discount(DiscountKind.PriceMatch, 74.50m, "EUR"), match.Discount);
        Assert.True(match.Stackable);
        var share = report.Offers[3];
        Assert.Equal(Core.Context.Referrals.Code("jane", "p-1001"), share.ReferralCode);
        Assert.Contains(share.ReferralCode!, share.Message, StringComparison.Ordinal);
        Assert.Contains("2 days past your usual grocery run", report.Offers[4].Message, StringComparison.Ordinal);
        Assert.Equal("revisit:resort-cafe", report.Offers[5].Explanation.Trigger);

        // Amy bought through Jane's link (twice delivered, credited once): 5% of 120.00.
        var credit = Assert.Single(report.ReferralCredits);
        Assert.Equal(("jane", "2026-11", 6.00m, 6.00m), (credit.SharerId, credit.Month, credit.Credited, credit.MonthEarnings));

        // Ted is in aurora-friends' 5% control group: held out, and his fashion purchase is a control conversion.
        var aurora2 = report.Rules.Single(r => r.Key == "aurora-friends").Value;
        Assert.Equal((2, 1, 1, 1, 1, 1), (aurora2.Fired, aurora2.HeldOut, aurora2.Issued, aurora2.Redeemed, aurora2.ConvertedTreatment, aurora2.ConvertedControl));
        Assert.True(Holdout.InControl("aurora-friends", "ted", 500));
        Assert.False(Holdout.InControl("aurora-friends", "jane", 500));
        var routine = report.Rules.Single(r => r.Key == "grocery-routine").Value;
        Assert.Equal((3, 2, 1), (routine.Fired, routine.Capped, routine.Issued)); // later pings near FreshCo hit the cap
        Assert.Equal(0, report.Rules.Single(r => r.Key == "steps-champion").Value.Fired);
    }

    [Fact]
    public async Task Same_input_in_any_line_order_gives_byte_identical_output()
    {
        var lines = await File.ReadAllLinesAsync(Path.Combine(Dir, "signals.ndjson"));
        var shuffled = Path.GetTempFileName();
        try
        {
            // Reversed: the replay sorts by event time (the story has no two different signals at one instant).
            await File.WriteAllLinesAsync(shuffled, lines.Reverse());
            var first = await RunCommandAsync(Path.Combine(Dir, "signals.ndjson"));
            var second = await RunCommandAsync(Path.Combine(Dir, "signals.ndjson"));
            var third = await RunCommandAsync(shuffled);

            Assert.Equal(first, second);
            Assert.Equal(first, third);
        }
        finally
        {
            File.Delete(shuffled);
        }
    }

    [Fact]
    public async Task Offers_file_is_ndjson_of_contract_v1_offers()
    {
        var offersFile = new FileInfo(Path.GetTempFileName());
        try
        {
            var writer = new StringWriter();
            var code = await RulesCommands.BacktestAsync(new FileInfo(Path.Combine(Dir, "rules.yaml")), new FileInfo(Path.Combine(Dir, "signals.ndjson")), new FileInfo(Path.Combine(Dir, "context.ndjson")), new FileInfo(Venues), offersFile, writer, CancellationToken.None);

            Assert.Equal(0, code);
            var offers = (await File.ReadAllLinesAsync(offersFile.FullName)).Select(l => OfferCodec.Decode(Encoding.UTF8.GetBytes(l))).ToList();
            Assert.Equal(6, offers.Count);
            Assert.DoesNotContain("\"schema\"", writer.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            offersFile.Delete();
        }
    }

    [Fact]
    public async Task Bad_signal_lines_are_reported_with_their_line_numbers_and_the_rest_replays()
    {
        var text = "{not json\n" + await File.ReadAllTextAsync(Path.Combine(Dir, "signals.ndjson")) + "{\"v\":1,\"kind\":\"location\",\"id\":\"x\",\"customerId\":\"jane\",\"ts\":\"2026-11-25T08:00:00Z\",\"lat\":95,\"lon\":2}\n";

        var report = await RunAsync(text);

        Assert.Equal(6, report.Offers.Count);
        Assert.Equal(2, report.Rejected.Count);
        Assert.StartsWith("line 1: malformed-json", report.Rejected[0], StringComparison.Ordinal);
        Assert.StartsWith("line 22: invalid-field", report.Rejected[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_rules_file_exits_1_with_located_errors()
    {
        var rules = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(rules, "version: 1\nrules:\n  - id: x\n    trigger: { enter: { venue: nowhere } }\n    offer: { message: hi, validFor: 1h }\n");
            var writer = new StringWriter();
            var code = await RulesCommands.BacktestAsync(new FileInfo(rules), new FileInfo(Path.Combine(Dir, "signals.ndjson")), new FileInfo(Path.Combine(Dir, "context.ndjson")), new FileInfo(Venues), null, writer, CancellationToken.None);

            Assert.Equal(1, code);
            Assert.Contains(":4:", writer.ToString(), StringComparison.Ordinal);
            Assert.Contains("unknown venue 'nowhere'", writer.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(rules);
        }
    }

    private static async Task<string> RunCommandAsync(string signals)
    {
        var writer = new StringWriter { NewLine = "\n" };
        var code = await RulesCommands.BacktestAsync(new FileInfo(Path.Combine(Dir, "rules.yaml")), new FileInfo(signals), new FileInfo(Path.Combine(Dir, "context.ndjson")), new FileInfo(Venues), null, writer, CancellationToken.None);
        Assert.Equal(0, code);
        return writer.ToString();
    }

    private static async Task<BacktestReport> RunAsync(string signals)
    {
        var catalog = VenueCatalog.Load(Venues);
        var book = RuleBookLoader.Load(Path.Combine(Dir, "rules.yaml"), catalog.Venues);
        using var context = File.OpenText(Path.Combine(Dir, "context.ndjson"));
        return await Backtester.RunAsync(book, catalog, context, new StringReader(signals));
    }
}
