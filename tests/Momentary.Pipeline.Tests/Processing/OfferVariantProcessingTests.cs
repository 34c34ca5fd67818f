using Microsoft.Extensions.Time.Testing;
using Momentary.Core.Context;
using Momentary.Core.Messaging;
using Momentary.Core.Rules;
using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;
using Momentary.Pipeline.Processing;
using Momentary.Pipeline.Telemetry;
using Momentary.Testing.Telemetry;

using Momentary.Pipeline.Tests.Support;

namespace Momentary.Pipeline.Tests.Processing;

/// <summary>Offer variants through the production processor: the offer, the exposure, the decisions and the metrics carry the variant.</summary>
public sealed class OfferVariantProcessingTests
{
    private const string RuleId = "variant-processing-test"; // unique: the metrics are process-wide
    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);

    private const string Rules = """
        version: 1
        rules:
          - id: variant-processing-test
            trigger: { sedentary: { minutes: 50 } }
            offer: { message: "{discount} off", percent: 10, validFor: 3h, category: fashion }
            variants:
              - { id: ten, share: 50% }
              - { id: fifteen, share: 50%, percent: 15 }
        """;

    private readonly InMemoryContextStore _store = new();
    private readonly SignalProcessor _processor;

    public OfferVariantProcessingTests()
    {
        _processor = VenuelessProcessor.Create(Rules, _store, new FakeTimeProvider(Now), recordMetrics: true);
    }

    [Theory]
    [InlineData("jane")] // variant bucket 3528: ten
    [InlineData("sam")] // 7295: fifteen
    [InlineData("cleo")] // 5195: fifteen
    public async Task Variant_IsOnTheOffer_TheExposureAndTheConversion_AndTaggedInTheMetrics(string customer)
    {
        using var capture = new TelemetryCapture([PipelineTelemetry.Name], []);
        var expected = Holdout.VariantBucket(RuleId, customer) < 5000 ? "ten" : "fifteen";
        await _store.UpsertProfileAsync(new CustomerProfile { CustomerId = customer });

        var issued = await Process(new WearableReading { Id = "w-" + customer, CustomerId = customer, Timestamp = Now, SedentaryMinutes = 55 });
        var purchase = await Process(new CommerceEvent { Id = "b-" + customer, CustomerId = customer, Timestamp = Now.AddHours(1), Action = CommerceAction.Purchase, Category = "fashion", Price = 40 });

        var offer = Assert.Single(issued.Offers);
        Assert.Equal(expected, offer.Variant);
        Assert.Equal(expected == "ten" ? 10m : 15m, offer.Discount.Value);
        Assert.Equal(new RuleDecision(RuleId, RuleDecisionKind.Issued, Variant: expected), Assert.Single(issued.Decisions));
        Assert.Equal(new RuleDecision(RuleId, RuleDecisionKind.Converted, "treatment", expected), Assert.Single(purchase.Decisions));
        var exposure = Assert.Single((await _store.LoadAsync(new ContextQuery(customer, [], TimeSpan.Zero, Now))).State.Exposures);
        Assert.Equal(expected, exposure.Variant);
        Assert.Contains(capture.Points("momentary.pipeline.offers", "{offer}"), p => p.Tags.GetValueOrDefault("rule") == RuleId && p.Tags.GetValueOrDefault("variant") == expected);
        Assert.Contains(capture.Points("momentary.pipeline.conversions", "{purchase}"), p => p.Tags.GetValueOrDefault("rule") == RuleId && p.Tags.GetValueOrDefault("variant") == expected && p.Tags.GetValueOrDefault("group") == "treatment");
    }

    private Task<SignalOutcome> Process(Signal signal) => _processor.ProcessEncodedAsync(signal);
}
