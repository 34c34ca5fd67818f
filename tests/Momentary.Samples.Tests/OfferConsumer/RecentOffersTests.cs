using Momentary.Samples.OfferConsumer;

namespace Momentary.Samples.Tests.OfferConsumer;

public sealed class RecentOffersTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    [Fact]
    public void RecentOffers_BeforeExpiry_RemembersTheId()
    {
        var recent = new RecentOffers();
        recent.Add("of_a", Now.AddHours(1), Now);

        Assert.True(recent.Contains("of_a", Now.AddMinutes(59)));
    }

    [Fact]
    public void RecentOffers_PastExpiry_ForgetsTheId()
    {
        var recent = new RecentOffers();
        recent.Add("of_a", Now.AddHours(1), Now);

        Assert.False(recent.Contains("of_a", Now.AddHours(1)));
        Assert.Equal(0, recent.Count);
    }

    [Fact]
    public void RecentOffers_AtCapacity_ForgetsTheOfferThatExpiresFirst()
    {
        var recent = new RecentOffers(capacity: 2);
        recent.Add("of_late", Now.AddHours(3), Now);
        recent.Add("of_soon", Now.AddHours(1), Now);

        recent.Add("of_new", Now.AddHours(2), Now);

        Assert.Equal((true, false, true, 2), (recent.Contains("of_late", Now), recent.Contains("of_soon", Now), recent.Contains("of_new", Now), recent.Count));
    }

    [Fact]
    public void RecentOffers_SameIdAddedAgainWithALaterExpiry_KeepsTheLaterExpiry()
    {
        var recent = new RecentOffers();
        recent.Add("of_a", Now.AddHours(1), Now);
        recent.Add("of_a", Now.AddHours(2), Now);

        Assert.True(recent.Contains("of_a", Now.AddMinutes(90)));
    }
}
