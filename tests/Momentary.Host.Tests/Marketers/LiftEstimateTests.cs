using Momentary.Host.Marketers;

namespace Momentary.Host.Tests.Marketers;

/// <summary>Lift and its 95% interval (log-ratio normal approximation), and "not enough data" below the minimum counts.</summary>
public sealed class LiftEstimateTests
{
    [Fact]
    public void Lift_TwelvePercentAgainstEight_PlusFiftyPercentWithTheKatzInterval()
    {
        var lift = LiftEstimate.From(convertedTreatment: 120, issued: 1000, convertedControl: 40, heldOut: 500);

        Assert.NotNull(lift);
        Assert.Equal(0.5, lift.Lift, 6);
        // se = sqrt(1/120 - 1/1000 + 1/40 - 1/500) = 0.174165; exp(ln 1.5 ± 1.96·se) - 1
        Assert.Equal(0.0662, lift.Low, 4);
        Assert.Equal(1.1103, lift.High, 4);
    }

    [Theory]
    [InlineData(4, 1000, 40, 500)]
    [InlineData(120, 1000, 4, 500)]
    [InlineData(10, 19, 10, 500)]
    [InlineData(10, 1000, 10, 19)]
    public void Lift_BelowTheMinimumCounts_NotEnoughData(long a, long n1, long c, long n2) =>
        Assert.Null(LiftEstimate.From(a, n1, c, n2));

    [Fact]
    public void Lift_EqualRates_IntervalStraddlesZero()
    {
        var lift = LiftEstimate.From(50, 500, 50, 500)!;

        Assert.Equal(0, lift.Lift, 9);
        Assert.True(lift.Low < 0 && lift.High > 0);
    }
}
