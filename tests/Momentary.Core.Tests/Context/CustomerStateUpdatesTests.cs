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
}
