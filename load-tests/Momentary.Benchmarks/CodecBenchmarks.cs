using BenchmarkDotNet.Attributes;
using Momentary.Core.Context;
using Momentary.Core.Offers;
using Momentary.Core.Signals;

namespace Momentary.Benchmarks;

/// <summary>
/// The wire formats on the hot path: decoding a signal (every record), encoding an offer (every offer), and the
/// customer state's round trip (every store miss and every flushed write).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class CodecBenchmarks
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 40, 0, TimeSpan.Zero);
    private byte[] _ping = null!;
    private byte[] _purchase = null!;
    private Offer _offer = null!;
    private CustomerState _state = null!;
    private byte[] _stateBytes = null!;
    private byte[] _stateJson = null!;

    [GlobalSetup]
    public void Setup()
    {
        _ping = SignalCodec.Encode(new LocationPing { Id = "p-1", CustomerId = "jane", Timestamp = T0, Latitude = 48.8606, Longitude = 2.3376, AccuracyMeters = 8, SpeedMetersPerSecond = 1.2 });
        _purchase = SignalCodec.Encode(new CommerceEvent { Id = "c-1", CustomerId = "jane", Timestamp = T0, Action = CommerceAction.Purchase, VenueId = "aurora", Category = "fashion", Price = 59.90m, Currency = "EUR", Sku = "sku-1" });
        _offer = new Offer
        {
            OfferId = OfferIds.Create("aurora-friends", "jane", "p-1"),
            CustomerId = "jane",
            RuleId = "aurora-friends",
            VenueId = "aurora",
            Message = "20% off at Aurora, valid 3 hours",
            Discount = new Discount(DiscountKind.Percent, 20, "EUR"),
            IssuedAt = T0,
            ExpiresAt = T0.AddHours(3),
            SignalId = "p-1",
            Category = "fashion",
            Explanation = new OfferExplanation("enter:aurora", "you entered Aurora; 3 friends visited in 14 days", [new ExplanationFact("venue", "aurora"), new ExplanationFact("friendsVisited", "3", ">= 3 within 14d")]),
        };
        _state = new CustomerState
        {
            InsideVenues = new Dictionary<string, DateTimeOffset> { ["aurora"] = T0 },
            LastSeen = T0,
            LastLatitude = 48.8606,
            LastLongitude = 2.3376,
            LastVisits = new Dictionary<string, DateTimeOffset> { ["aurora"] = T0, ["kiosk"] = T0.AddDays(-3) },
            RecentSignals = RecentMarks.Empty.Add("p-0", ["aurora"], []),
        };
        _stateBytes = CustomerStateCodec.Encode(_state);
        _stateJson = CustomerStateCodec.EncodeJson(_state);
    }

    [Benchmark(Description = "decode location ping")]
    public Signal? DecodePing() => SignalCodec.TryDecode(_ping, out var s, out _) ? s : null;

    [Benchmark(Description = "decode purchase")]
    public Signal? DecodePurchase() => SignalCodec.TryDecode(_purchase, out var s, out _) ? s : null;

    [Benchmark(Description = "encode offer")]
    public byte[] EncodeOffer() => OfferCodec.Encode(_offer);

    [Benchmark(Description = "encode customer state")]
    public byte[] EncodeState() => CustomerStateCodec.Encode(_state);

    [Benchmark(Description = "decode customer state")]
    public CustomerState DecodeState() => CustomerStateCodec.Decode(_stateBytes);

    [Benchmark(Description = "encode customer state (JSON, before the binary format)")]
    public byte[] EncodeStateJson() => CustomerStateCodec.EncodeJson(_state);

    [Benchmark(Description = "decode customer state (JSON, as stored before the binary format)")]
    public CustomerState DecodeStateJson() => CustomerStateCodec.Decode(_stateJson);
}
