using Momentary.Core.Context;
using Momentary.Core.Geofencing;
using Momentary.Core.Offers;
using Momentary.Core.Rules;
using Momentary.Core.Signals;

namespace Momentary.Core.Tests.Rules;

/// <summary>Offer variants: an A/B test within a rule, split by the variant bucket, each arm with its own words and discount.</summary>
public sealed class OfferVariantTests
{
    private const string Rules = """
        version: 1
        rules:
          - id: aurora-copy-test
            trigger: { enter: { venue: aurora } }
            offer: { message: "{discount} off at {venue} today", percent: 10, validFor: 3h }
            variants:
              - { id: plain, share: 50% }
              - { id: urgent, share: 50%, message: "Only {validFor}: {discount} off at {venue}", percent: 15, validFor: 1h }
        """;

    private static readonly DateTimeOffset Now = new(2026, 11, 30, 10, 0, 0, TimeSpan.Zero);
    private readonly RuleBook _book = RuleBookLoader.Parse(Rules, "ab.yaml", RuleBookTests.Venues);

    [Fact]
    public void Variant_InTheFirstSlice_GetsTheOfferAsWritten()
    {
        var offer = Enter("s1"); // variant bucket 2723 < 5000

        Assert.Equal("plain", offer.Variant);
        Assert.Equal("10% off at Aurora today", offer.Message);
        Assert.Equal(Discount.Percent(10), offer.Discount);
        Assert.Equal(TimeSpan.FromHours(3), offer.ValidFor);
    }

    [Fact]
    public void Variant_InTheSecondSlice_GetsItsOwnMessageDiscountAndValidity()
    {
        var offer = Enter("s2"); // variant bucket 5486

        Assert.Equal("urgent", offer.Variant);
        Assert.Equal("Only 1 hour: 15% off at Aurora", offer.Message);
        Assert.Equal(Discount.Percent(15), offer.Discount);
        Assert.Equal(TimeSpan.FromHours(1), offer.ValidFor);
        Assert.Equal("urgent", OfferFactory.Create(offer, Ping("s2"), Now).Variant);
    }

    [Fact]
    public void Variant_TravelsInTheOfferContract()
    {
        var offer = OfferFactory.Create(Enter("s2"), Ping("s2"), Now);

        Assert.Contains("\"variant\":\"urgent\"", System.Text.Encoding.UTF8.GetString(OfferCodec.Encode(offer)), StringComparison.Ordinal);
        Assert.Equal("urgent", OfferCodec.Decode(OfferCodec.Encode(offer)).Variant);
    }

    [Fact]
    public void RuleWithoutVariants_CarriesNone()
    {
        var book = RuleBookLoader.Parse("version: 1\nrules:\n  - id: r\n    trigger: { enter: { venue: aurora } }\n    offer: { message: m, validFor: 1h }\n", "r.yaml", RuleBookTests.Venues);
        var fired = new List<OfferCandidate>();
        book.Evaluate(Input("s2"), fired);

        Assert.Null(Assert.Single(fired).Variant);
        Assert.Empty(book.VariantsOf("r"));
        Assert.Equal(["plain", "urgent"], _book.VariantsOf("aurora-copy-test"));
    }

    private OfferCandidate Enter(string customer)
    {
        var fired = new List<OfferCandidate>();
        _book.Evaluate(Input(customer), fired);
        return Assert.Single(fired);
    }

    private static EvaluationInput Input(string customer) =>
        new(Ping(customer), new GeoFacts { Entered = [new VenueProximity(RuleBookTests.Aurora, 0)] }, new CustomerContext(new CustomerProfile { CustomerId = customer }, CustomerState.Empty, CustomerContext.NoFriendVisits), Now);

    private static LocationPing Ping(string customer) => new() { Id = "ab-" + customer, CustomerId = customer, Timestamp = Now, Latitude = 48.86, Longitude = 2.34 };
}
