using System.Text;
using Momentary.Core.Signals;

namespace Momentary.Core.Tests.Signals;

public sealed class SignalCodecTests
{
    private static readonly DateTimeOffset Ts = new(2026, 11, 24, 10, 30, 0, TimeSpan.Zero);

    public static TheoryData<Signal> AllKinds => new()
    {
        new LocationPing { Id = "s1", CustomerId = "jane", Timestamp = Ts, Latitude = 48.8566, Longitude = 2.3522, AccuracyMeters = 8, SpeedMetersPerSecond = 1.2 },
        new WearableReading { Id = "s2", CustomerId = "jane", Timestamp = Ts, SedentaryMinutes = 55, Steps = 1200 },
        new SocialEvent { Id = "s3", CustomerId = "amy", Timestamp = Ts, Action = SocialAction.CheckIn, VenueId = "aurora" },
        new CommerceEvent { Id = "s4", CustomerId = "jane", Timestamp = Ts, Action = CommerceAction.PriceCheck, VenueId = "aurora", Sku = "sweater-1", Price = 89.90m, CompetitorPrice = 74.50m, Currency = "EUR" },
    };

    [Theory]
    [MemberData(nameof(AllKinds))]
    public void EncodeThenDecode_EveryKind_RoundTrips(Signal signal)
    {
        Assert.True(SignalCodec.TryDecode(SignalCodec.Encode(signal), out var decoded, out var error), error?.Message);
        Assert.Equal(signal, decoded);
    }

    [Fact]
    public void TryDecode_DocumentedExample_ReadsEveryField()
    {
        var json = """{"v":1,"kind":"location","id":"sig-1","customerId":"jane","ts":"2026-11-24T10:30:00Z","lat":48.8566,"lon":2.3522,"accuracyM":8,"extra":{"ignored":[1,2]}}""";
        Assert.True(SignalCodec.TryDecode(Encoding.UTF8.GetBytes(json), out var signal, out _));
        var ping = Assert.IsType<LocationPing>(signal);
        Assert.Equal((48.8566, 2.3522, 8.0), (ping.Latitude, ping.Longitude, ping.AccuracyMeters));
        Assert.Equal(Ts, ping.Timestamp);
    }

    [Theory]
    [InlineData("not json", SignalError.MalformedJson)]
    [InlineData("[1,2]", SignalError.MalformedJson)]
    [InlineData("""{"kind":"location","id":"a","customerId":"c","ts":"2026-11-24T10:30:00Z","lat":91,"lon":0}""", SignalError.InvalidField)]
    [InlineData("""{"kind":"location","id":"a","customerId":"c","ts":"2026-11-24T10:30:00Z","lat":"x","lon":0}""", SignalError.InvalidField)]
    [InlineData("""{"kind":"location","id":"a","customerId":"c","ts":"2026-11-24T10:30:00Z"}""", SignalError.MissingField)]
    [InlineData("""{"kind":"location","id":"a","ts":"2026-11-24T10:30:00Z","lat":1,"lon":1}""", SignalError.MissingField)]
    [InlineData("""{"kind":"teleport","id":"a","customerId":"c","ts":"2026-11-24T10:30:00Z"}""", SignalError.UnknownKind)]
    [InlineData("""{"v":2,"kind":"location","id":"a","customerId":"c","ts":"2026-11-24T10:30:00Z","lat":1,"lon":1}""", SignalError.UnsupportedVersion)]
    [InlineData("""{"kind":"social","id":"a","customerId":"c","ts":"2026-11-24T10:30:00Z","action":"check-in"}""", SignalError.MissingField)]
    [InlineData("""{"kind":"location","id":"a","customerId":"c","ts":"yesterday","lat":1,"lon":1}""", SignalError.InvalidField)]
    [InlineData("""{"kind":"location","id":"a","customerId":"c","ts":"2026-11-24T10:30:00Z","lat":1,"lon":1""", SignalError.MalformedJson)]
    public void TryDecode_BadInput_ReturnsClassifiedErrorWithoutThrowing(string json, string kind)
    {
        Assert.False(SignalCodec.TryDecode(Encoding.UTF8.GetBytes(json), out var signal, out var error));
        Assert.Null(signal);
        Assert.Equal(kind, error!.Kind);
    }

    [Theory]
    [InlineData("""{"v":1,"kind":"commerce","id":"rc-1","customerId":"jane","ts":"2026-11-24T10:30:00Z","action":"referral-credit","price":4.00}""", "referralCode")]
    [InlineData("""{"v":1,"kind":"commerce","id":"rc-1","customerId":"jane","ts":"2026-11-24T10:30:00Z","action":"referral-credit","referralCode":"r_x"}""", "price")]
    public void TryDecode_ReferralCreditWithoutCodeOrAmount_IsRejectedNamingTheField(string json, string field)
    {
        Assert.False(SignalCodec.TryDecode(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.Contains(field, error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReferralCredit_RoundTrips()
    {
        var credit = new CommerceEvent { Id = "rc-1", CustomerId = "jane", Timestamp = Ts, Action = CommerceAction.ReferralCredit, Price = 4.00m, Currency = "EUR", ReferralCode = "r_x" };
        Assert.True(SignalCodec.TryDecode(SignalCodec.Encode(credit), out var decoded, out _));
        Assert.Equal(credit, decoded);
    }

    [Fact]
    public void TryDecode_ErrorMessage_DoesNotEchoValues()
    {
        var json = """{"kind":"location","id":"a","customerId":"secret-customer","ts":"2026-11-24T10:30:00Z","lat":95.123,"lon":0}""";
        Assert.False(SignalCodec.TryDecode(Encoding.UTF8.GetBytes(json), out _, out var error));
        Assert.DoesNotContain("secret-customer", error!.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("95.123", error.Message, StringComparison.Ordinal);
    }
}
