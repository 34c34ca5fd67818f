using System.Text;
using System.Text.Json;
using Momentary.Contracts.Tests.Support;
using Momentary.Core.Messaging;
using Momentary.Core.Offers;
using Momentary.Core.Rules;
using Momentary.Host.Backtesting;
using Xunit.Abstractions;

namespace Momentary.Contracts.Tests.Offers;

/// <summary>What the engine writes to the offer and control topics passes offer.v1 / control.v1, headers included.</summary>
public sealed class OfferSchemaTests(ITestOutputHelper output)
{
    private const int Generated = 400;

    [Fact]
    public void GeneratedOffers_EncodedByTheCodec_PassTheOfferSchemaAndAsControlRecordsTheControlSchema()
    {
        foreach (var (offer, i) in OfferVariants.Create(Generated).Select((o, i) => (o, i)))
        {
            var encoded = OfferCodec.Encode(offer);
            var control = OfferCodec.EncodeControl(offer);

            ContractMessages.AssertValid(Encoding.UTF8.GetString(encoded), $"offer variant {i}");
            ContractMessages.AssertValid(Encoding.UTF8.GetString(control), $"control variant {i}");
            Assert.False(ContractSchemas.IsValid(ContractSchemas.Control, encoded), "an offer is not a control record");
            Assert.False(ContractSchemas.IsValid(ContractSchemas.Offer, control), "a control record is not an offer");
        }

        output.WriteLine($"generated: {Generated} offers and {Generated} control records through OfferCodec, all valid");
    }

    [Fact]
    public async Task JaneStory_EveryOfferAndControlRecordTheProcessorWrites_PassesItsSchemaWithItsHeaders()
    {
        var records = await JaneStory.RecordsAsync();

        var offers = records.Where(r => r.Topic == TopicNames.Offers).ToList();
        var controls = records.Where(r => r.Topic == TopicNames.Control).ToList();
        foreach (var (record, schema) in offers.Select(r => (r, ContractSchemas.Offer)).Concat(controls.Select(r => (r, ContractSchemas.Control))))
        {
            using var value = JsonDocument.Parse(record.Value);
            var payload = ContractSchemas.Evaluate(schema, value.RootElement, formats: true);
            Assert.True(payload.IsValid, ContractSchemas.Errors(payload));
            var headers = ContractSchemas.Headers(record.Headers.Select(h => (h.Key, h.Value)));
            var headerResult = ContractSchemas.Evaluate(ContractSchemas.OfferHeaders, headers);
            Assert.True(headerResult.IsValid, $"headers: {headers.GetRawText()}\n{ContractSchemas.Errors(headerResult)}");
            Assert.True(headers.TryGetProperty("traceparent", out _), "the trace context travels with the offer");
            Assert.Equal(record.Key, value.RootElement.GetProperty("customerId").GetString());
        }

        Assert.Equal(6, offers.Count); // docs/examples/jane/expected-output.txt
        Assert.Single(controls);
        Assert.DoesNotContain(records, r => r.Topic == TopicNames.DeadLetters);
        output.WriteLine($"Jane story through SignalProcessor: {offers.Count} offers and {controls.Count} control record(s), payloads and headers valid");
    }

    [Fact]
    public async Task JaneBacktest_OffersEncodedAndTheExpectedOutput_PassTheOfferSchema()
    {
        var catalog = JaneStory.Venues();
        var rules = RuleBookLoader.Load(Path.Combine(JaneStory.Folder, "rules.yaml"), catalog.Venues);
        BacktestReport report;
        using (var context = File.OpenText(Path.Combine(JaneStory.Folder, "context.ndjson")))
        using (var signals = File.OpenText(Path.Combine(JaneStory.Folder, "signals.ndjson")))
        {
            report = await Backtester.RunAsync(rules, catalog, context, signals);
        }

        var expected = File.ReadLines(Path.Combine(JaneStory.Folder, "expected-output.txt")).Where(l => l.StartsWith('{')).ToList();
        foreach (var offer in report.Offers)
        {
            ContractMessages.AssertValid(Encoding.UTF8.GetString(OfferCodec.Encode(offer)), $"back-test offer {offer.RuleId}");
        }

        foreach (var line in expected)
        {
            ContractMessages.AssertValid(line, "docs/examples/jane/expected-output.txt");
        }

        Assert.Equal(expected.Count, report.Offers.Count);
        output.WriteLine($"Jane back-test: {report.Offers.Count} offers encoded and {expected.Count} expected-output lines, all valid");
    }

    [Fact]
    public void StoryMomentsExpectedOutput_OffersWithVariantsAndEarnings_PassTheOfferSchema()
    {
        var lines = File.ReadLines(Path.Combine(JaneStory.Folder, "..", "moments", "expected-output.txt")).Where(l => l.StartsWith('{')).ToList();
        Assert.Contains(lines, l => l.Contains("\"variant\":", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("\"earnings\":", StringComparison.Ordinal));
        foreach (var line in lines)
        {
            ContractMessages.AssertValid(line, "docs/examples/moments/expected-output.txt");
        }

        output.WriteLine($"story moments: {lines.Count} offers, all valid");
    }
}
