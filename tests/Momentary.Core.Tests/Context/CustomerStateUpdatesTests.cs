using Momentary.Core.Context;

namespace Momentary.Core.Tests.Context;

/// <summary>State updates must survive replays: a signal processed again after a crash or a rebalance changes nothing more.</summary>
public sealed class CustomerStateUpdatesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AfterRedemption_TheSameRedemptionAgain_IsCountedOnceAndReturnsTheSameState()
    {
        var once = CustomerStateUpdates.AfterRedemption(CustomerState.Empty, "fashion", T0);

        var again = CustomerStateUpdates.AfterRedemption(once, "fashion", T0);

        Assert.Same(once, again);
        Assert.Equal(1, once.Propensities["fashion"].Redeemed);
    }

    [Fact]
    public void AfterRedemption_ALaterRedemption_CountsAgain()
    {
        var once = CustomerStateUpdates.AfterRedemption(CustomerState.Empty, "fashion", T0);

        var twice = CustomerStateUpdates.AfterRedemption(once, "fashion", T0.AddMinutes(1));

        Assert.Equal(2, twice.Propensities["fashion"].Redeemed, 3);
    }

    [Fact]
    public void AfterRedemption_AfterALaterOffer_KeepsWhatItKnowsOfRedemptions()
    {
        var redeemed = CustomerStateUpdates.AfterRedemption(CustomerState.Empty, "fashion", T0);
        var offered = CustomerStateUpdates.AfterExposure(redeemed, "aurora", "fashion", T0.AddHours(1), T0.AddHours(4), control: false);

        var replayed = CustomerStateUpdates.AfterRedemption(offered, "fashion", T0);

        Assert.Same(offered, replayed);
    }

    [Fact]
    public void AfterPurchase_AnEarlierPurchaseProcessedAgainAfterALaterOffer_ConvertsNothing()
    {
        // A purchase at 10:00, then an offer of its category at 11:00: replaying the purchase must not count as a conversion.
        var bought = CustomerStateUpdates.AfterPurchase(CustomerState.Empty, "fashion", T0, []);
        var offered = CustomerStateUpdates.AfterExposure(bought, "aurora", "fashion", T0.AddHours(1), T0.AddHours(4), control: false);
        var converted = new List<OfferExposure>();

        var replayed = CustomerStateUpdates.AfterPurchase(offered, "fashion", T0, converted);

        Assert.Empty(converted);
        Assert.Single(replayed.Exposures);
        Assert.Equal(1, replayed.Routines["fashion"].Purchases);
    }

    [Fact]
    public void AfterPurchase_InsideTheOffersWindow_ConvertsIt()
    {
        var offered = CustomerStateUpdates.AfterExposure(CustomerState.Empty, "aurora", "fashion", T0, T0.AddHours(3), control: true);
        var converted = new List<OfferExposure>();

        var bought = CustomerStateUpdates.AfterPurchase(offered, "fashion", T0.AddHours(1), converted);

        Assert.Equal("aurora", Assert.Single(converted).RuleId);
        Assert.True(Assert.Single(bought.Exposures).Converted); // kept, marked, until it expires: a redemption may still name it
    }
}
