using Momentary.Core.Context;

namespace Momentary.Core.Tests.Context;

/// <summary>Redemptions are attributed by offer id first, then by category window, then to the rule they name.</summary>
public sealed class RedemptionAttributionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static CustomerState TwoFashionOffers()
    {
        var state = CustomerStateUpdates.AfterExposure(CustomerState.Empty, "boutique", "fashion", T0, T0.AddHours(3), control: false, "of_boutique");
        return CustomerStateUpdates.AfterExposure(state, "price-match", "fashion", T0.AddMinutes(10), T0.AddHours(1), control: false, "of_match");
    }

    [Fact]
    public void Redemption_NamingAHeldOffer_IsAttributedToThatOffer_WhateverRuleTheAppNames()
    {
        var after = CustomerStateUpdates.AfterRedemption(TwoFashionOffers(), "of_boutique", "price-match", "fashion", T0.AddMinutes(20), out var a);

        Assert.Equal(new RedemptionAttribution(AttributionMethod.Offer, "boutique", "fashion", "of_boutique", null, Converted: true), a);
        Assert.Equal("offer", a.MethodName);
        Assert.True(after.Exposures.Single(e => e.OfferId == "of_boutique").Converted);
        Assert.False(after.Exposures.Single(e => e.OfferId == "of_match").Converted);
    }

    [Fact]
    public void Redemption_AfterAPurchaseConvertedTheOffer_IsStillAttributedByOffer_ButConvertsNothingTwice()
    {
        var converted = new List<OfferExposure>();
        var bought = CustomerStateUpdates.AfterPurchase(TwoFashionOffers(), "fashion", T0.AddMinutes(15), converted);
        Assert.Equal(2, converted.Count);

        CustomerStateUpdates.AfterRedemption(bought, "of_boutique", "boutique", "fashion", T0.AddMinutes(16), out var a);
        Assert.Equal((AttributionMethod.Offer, "boutique", false), (a.Method, a.RuleId, a.Converted));

        var again = new List<OfferExposure>();
        CustomerStateUpdates.AfterPurchase(bought, "fashion", T0.AddMinutes(17), again);
        Assert.Empty(again); // a second purchase converts no offer twice
    }

    [Fact]
    public void Redemption_WithAnUnknownOfferId_FallsBackToTheNewestOpenOfferOfItsCategory()
    {
        CustomerStateUpdates.AfterRedemption(TwoFashionOffers(), "of_printed", "boutique", "fashion", T0.AddMinutes(20), out var a);
        Assert.Equal(new RedemptionAttribution(AttributionMethod.CategoryWindow, "price-match", "fashion", "of_match", null, Converted: true), a);

        // After the price match expired (1h), only the boutique's window is open.
        CustomerStateUpdates.AfterRedemption(TwoFashionOffers(), "of_printed", "boutique", "fashion", T0.AddMinutes(90), out var later);
        Assert.Equal(("boutique", "of_boutique"), (later.RuleId, later.OfferId));
    }

    [Fact]
    public void Redemption_MatchingNoOffer_CountsForTheRuleItNames()
    {
        var after = CustomerStateUpdates.AfterRedemption(TwoFashionOffers(), "of_flyer", "autumn-flyer", "books", T0.AddMinutes(20), out var a);

        Assert.Equal(new RedemptionAttribution(AttributionMethod.NamedRule, "autumn-flyer", "books", null, null, Converted: false), a);
        Assert.True(after.Propensities.ContainsKey("books"));
    }

    [Fact]
    public void Redemption_NeverMatchesAControlExposure()
    {
        var held = CustomerStateUpdates.AfterExposure(CustomerState.Empty, "boutique", "fashion", T0, T0.AddHours(3), control: true, "of_wouldbe");
        CustomerStateUpdates.AfterRedemption(held, "of_wouldbe", "boutique", "fashion", T0.AddMinutes(5), out var a);
        Assert.Equal(AttributionMethod.NamedRule, a.Method);
    }

    [Fact]
    public void Exposure_WithItsOfferId_SurvivesTheStateCodec()
    {
        var state = CustomerStateUpdates.AfterPurchase(TwoFashionOffers(), "fashion", T0.AddMinutes(15), []);
        var decoded = CustomerStateCodec.Decode(CustomerStateCodec.Encode(state));
        Assert.Equal(state.Exposures, decoded.Exposures);
        var old = CustomerStateCodec.Decode("""{"exposures":[{"ruleId":"r","category":"c","until":"2026-11-24T12:00:00+00:00","control":false}]}"""u8);
        Assert.Equal((null, false), (old.Exposures[0].OfferId, old.Exposures[0].Converted)); // written before offer ids were recorded
    }
}
