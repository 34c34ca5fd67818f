using System.Text.Json;
using Momentary.Core.Offers;

namespace Momentary.Core.Tests.Offers;

public sealed class OfferCodecTests
{
    [Fact]
    public void EncodeThenDecode_RoundTripsEveryField()
    {
        var offer = new Offer
        {
            OfferId = "of_x",
            CustomerId = "jane",
            RuleId = "aurora-friends",
            VenueId = "aurora",
            Message = "20% off at Aurora, valid 3 hours",
            Discount = Discount.Percent(20),
            IssuedAt = new DateTimeOffset(2026, 11, 24, 10, 40, 0, TimeSpan.Zero),
            ExpiresAt = new DateTimeOffset(2026, 11, 24, 13, 40, 0, TimeSpan.Zero),
            SignalId = "sig-1",
            Explanation = new OfferExplanation("enter:aurora", "3 friends visited in 14 days", [new ExplanationFact("friendsVisited", "3", ">= 3 in 14d")]),
        };

        var json = OfferCodec.Encode(offer);
        var back = OfferCodec.Decode(json);

        Assert.Equal(offer with { Explanation = null! }, back with { Explanation = null! });
        Assert.Equal(offer.Explanation.Facts, back.Explanation.Facts);
        using var doc = JsonDocument.Parse(json);
        Assert.Equal("momentary.offer.v1", doc.RootElement.GetProperty("schema").GetString());
        Assert.Equal("2026-11-24T13:40:00.0000000Z", doc.RootElement.GetProperty("expiresAt").GetString());
    }
}
