using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Time.Testing;
using Momentary.Core.Context;
using Momentary.Core.Messaging;
using Momentary.Core.Rules;
using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;
using Momentary.Pipeline.Processing;

namespace Momentary.Pipeline.Tests.Processing;

/// <summary>
/// Records built to hurt, through the production processor: each ends as one dead letter with its kind (or is
/// accepted for a documented reason, docs/contracts.md "Hostile input"), and none throws or earns an offer.
/// </summary>
public sealed class HostileInputProcessingTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    // A 20 m x 15 m shop at 48.86 N, 2.34 E; entering it earns an offer.
    private const string Venues = """
        {"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"id":"shop","name":"Shop","category":"fashion"},
           "geometry":{"type":"Polygon","coordinates":[[[2.34,48.86],[2.3402731,48.86],[2.3402731,48.8601350],[2.34,48.8601350],[2.34,48.86]]]}}
        ]}
        """;

    private const string Rules = """
        version: 1
        settings: { maxOffersPerCustomerPerHour: 100 }
        rules:
          - id: shop-enter
            trigger: { enter: { venue: shop } }
            offer: { message: m, percent: 10, validFor: 1h }
            caps: { perCustomer: 100, window: 1d }
        """;

    private readonly InMemoryContextStore _store = new();
    private readonly FakeTimeProvider _time = new(Now);
    private readonly PipelineSettings _settings = new();
    private readonly SignalProcessor _processor;

    public HostileInputProcessingTests()
    {
        var venues = VenueCatalog.Parse(Venues, "shop.geojson");
        var book = RuleBookLoader.Parse(Rules, "shop.yaml", venues.Venues);
        _processor = new SignalProcessor(_store, () => book, new Geofencer(FenceIndex.Build(venues), new GeofenceSettings()), _time, _settings) { RecordMetrics = false };
    }

    [Fact]
    public async Task ProcessAsync_InvalidUtf8InCustomerId_DeadLettersInvalidUtf8()
    {
        byte[] value = [.. "{\"kind\":\"location\",\"id\":\"p\",\"customerId\":\""u8, 0xC0, 0xAF, .. "\",\"ts\":\"2026-11-24T10:00:00Z\",\"lat\":48.86007,\"lon\":2.34013}"u8];

        var outcome = await _processor.ProcessAsync(Record("jane", value));

        Assert.Equal(SignalError.InvalidUtf8, Kind(outcome));
    }

    [Fact]
    public async Task ProcessAsync_LoneSurrogateEscapeInCustomerId_DeadLettersInvalidUtf8()
    {
        var outcome = await _processor.ProcessAsync(Record("jane", Encoding.UTF8.GetBytes(PingJson("\\ud800", "p", "2026-11-24T10:00:00Z"))));

        Assert.Equal(SignalError.InvalidUtf8, Kind(outcome));
    }

    [Fact]
    public async Task ProcessAsync_ValueOverMaxSignalBytes_DeadLettersOversizedThatFitsTheProducerLimit()
    {
        // A valid ping padded to 1.5 MiB with an unknown property: it would decode, and earn an offer, if read.
        var padding = new string('x', (3 * 1024 * 1024) / 2);
        var value = Encoding.UTF8.GetBytes(PingJson("jane", "p", "2026-11-24T10:00:00Z", extra: ",\"pad\":\"" + padding + "\""));

        var outcome = await _processor.ProcessAsync(Record("jane", value));

        Assert.Equal(DeadLetters.Oversized, Kind(outcome));
        Assert.Empty(outcome.Offers);
        var letter = Assert.Single(outcome.Outbound);
        Assert.True(RecordSize(letter) <= _settings.MaxDeadLetterBytes, $"dead letter of {RecordSize(letter)} bytes");
        Assert.Equal("true", Header(letter, DeadLetters.TruncatedHeader));
        Assert.Equal(value.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Header(letter, DeadLetters.OriginalSizeHeader));
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(value)), Header(letter, DeadLetters.OriginalSha256Header));
        Assert.Equal(value.AsSpan(0, letter.Value.Length).ToArray(), letter.Value); // the start of the original, for inspection
        Assert.Equal("jane", letter.Key);
    }

    [Fact]
    public async Task ProcessAsync_ValueJustOverMaxSignalBytes_DeadLettersOversizedUnchanged()
    {
        var value = Encoding.UTF8.GetBytes(PingJson("jane", "p", "2026-11-24T10:00:00Z", extra: ",\"pad\":\"" + new string('x', _settings.MaxSignalBytes) + "\""));

        var letter = Assert.Single((await _processor.ProcessAsync(Record("jane", value))).Outbound);

        Assert.Equal(DeadLetters.Oversized, Header(letter, DeadLetters.ErrorKindHeader));
        Assert.Equal(value, letter.Value);
        Assert.Null(Header(letter, DeadLetters.TruncatedHeader));
    }

    [Theory]
    [InlineData("mallory")]
    [InlineData("Jane")]
    [InlineData("jane ")]
    [InlineData("")]
    [InlineData(null)]
    public async Task ProcessAsync_KeyDisagreesWithCustomerId_DeadLettersKeyMismatch(string? key)
    {
        var outcome = await _processor.ProcessAsync(Record(key, Encoding.UTF8.GetBytes(PingJson("jane", "p", "2026-11-24T10:00:00Z"))));

        Assert.Equal(DeadLetters.KeyMismatch, Kind(outcome));
        Assert.Equal(key, Assert.Single(outcome.Outbound).Key); // the record as it came, for replay once fixed
    }

    [Fact]
    public async Task ProcessAsync_RepeatedCustomerIdWhoseLastValueMatchesTheKey_DeadLettersDuplicateProperty()
    {
        // Last-wins used to read this as mallory's ping, on mallory's key: a body built to pass one reader and not another.
        var json = PingJson("jane", "p", "2026-11-24T10:00:00Z").Replace("\"customerId\":\"jane\"", "\"customerId\":\"jane\",\"customerId\":\"mallory\"", StringComparison.Ordinal);

        var outcome = await _processor.ProcessAsync(Record("mallory", Encoding.UTF8.GetBytes(json)));

        Assert.Equal(SignalError.DuplicateProperty, Kind(outcome));
    }

    [Fact]
    public async Task ProcessAsync_TrailingBytesAfterTheObject_DeadLettersMalformedJson()
    {
        var outcome = await _processor.ProcessAsync(Record("jane", Encoding.UTF8.GetBytes(PingJson("jane", "p", "2026-11-24T10:00:00Z") + "{\"customerId\":\"mallory\"}")));

        Assert.Equal(SignalError.MalformedJson, Kind(outcome));
    }

    [Fact]
    public async Task ProcessAsync_TimestampWithoutOffset_DeadLettersInvalidField()
    {
        var outcome = await _processor.ProcessAsync(Record("jane", Encoding.UTF8.GetBytes(PingJson("jane", "p", "2026-11-24T10:00:00"))));

        Assert.Equal(SignalError.InvalidField, Kind(outcome));
    }

    [Theory]
    [InlineData("2026-11-25T10:00:01Z")] // a day and a second ahead
    [InlineData("2126-11-24T10:00:00Z")]
    [InlineData("9999-12-31T23:59:59Z")]
    [InlineData("9999-12-31T23:59:59+14:00")]
    public async Task ProcessAsync_TimestampFurtherAheadThanMaxClockSkew_DeadLettersInvalidField(string ts)
    {
        var outcome = await _processor.ProcessAsync(Record("jane", Encoding.UTF8.GetBytes(PingJson("jane", "p", ts))));

        Assert.Equal(SignalError.InvalidField, Kind(outcome));
    }

    [Fact]
    public async Task ProcessAsync_CheckInDated9999_DeadLettersInvalidFieldNotProcessingFailed()
    {
        // ts + check-in retention overflowed DateTimeOffset inside the store: a processing-failed dead letter, after a write attempt.
        var json = """{"kind":"social","id":"c1","customerId":"amy","ts":"9999-12-30T00:00:00Z","action":"check-in","venueId":"shop"}""";

        var outcome = await _processor.ProcessAsync(Record("amy", Encoding.UTF8.GetBytes(json)));

        Assert.Equal(SignalError.InvalidField, Kind(outcome));
    }

    [Theory]
    [InlineData("2026-10-25T09:59:59Z")] // 30 days and a second old
    [InlineData("1970-01-01T00:00:00Z")]
    [InlineData("0001-01-01T00:00:00Z")]
    public async Task ProcessAsync_TimestampOlderThanMaxSignalAge_DeadLettersStale(string ts)
    {
        var outcome = await _processor.ProcessAsync(Record("jane", Encoding.UTF8.GetBytes(PingJson("jane", "p", ts))));

        Assert.Equal(DeadLetters.Stale, Kind(outcome));
    }

    [Theory]
    [InlineData("2026-11-25T10:00:00Z")] // exactly the skew ahead
    [InlineData("2026-10-25T10:00:00Z")] // exactly the maximum age
    public async Task ProcessAsync_TimestampOnTheBounds_IsAccepted(string ts)
    {
        var outcome = await _processor.ProcessAsync(Record("jane", Encoding.UTF8.GetBytes(PingJson("jane", "p", ts))));

        Assert.NotEqual(SignalOutcomeKind.DeadLetter, outcome.Kind);
    }

    [Fact]
    public async Task ProcessAsync_PingFromTheFuture_DoesNotSilenceTheCustomersLaterPings()
    {
        await Profile("jane");
        var future = await _processor.ProcessAsync(Record("jane", Encoding.UTF8.GetBytes(PingJson("jane", "p1", "2126-01-01T00:00:00Z", lat: 48.8610, lon: 2.3500))));
        Assert.Equal(SignalOutcomeKind.DeadLetter, future.Kind);

        var entering = await _processor.ProcessAsync(Record("jane", Encoding.UTF8.GetBytes(PingJson("jane", "p2", "2026-11-24T10:00:00Z"))));

        Assert.Equal("shop-enter", Assert.Single(entering.Offers).RuleId);
    }

    [Fact]
    public async Task ProcessAsync_StoredLastSeenFromTheFuture_IsNotTrustedAndTheNextPingEnters()
    {
        // State written by a future-dated ping before signal times were bounded.
        await Profile("jane");
        await _store.SaveStateAsync("jane", CustomerState.Empty with { LastSeen = new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero), LastLatitude = 48.8610, LastLongitude = 2.3500 });

        var entering = await _processor.ProcessAsync(Record("jane", Encoding.UTF8.GetBytes(PingJson("jane", "p2", "2026-11-24T10:00:00Z"))));

        Assert.Equal("shop-enter", Assert.Single(entering.Offers).RuleId);
        Assert.Equal(Now, (await _store.LoadAsync(new ContextQuery("jane", [], TimeSpan.Zero, Now))).State.LastSeen);
    }

    [Fact]
    public async Task ProcessAsync_HugeOrControlCharacterCustomerId_DeadLettersInvalidField()
    {
        var huge = new string('j', 10_000); // 100,000 would be oversized first
        var outcomes = new[]
        {
            await _processor.ProcessAsync(Record(huge, Encoding.UTF8.GetBytes(PingJson(huge, "p", "2026-11-24T10:00:00Z")))),
            await _processor.ProcessAsync(Record("ja\0ne", Encoding.UTF8.GetBytes(PingJson("ja\\u0000ne", "p", "2026-11-24T10:00:00Z")))),
            await _processor.ProcessAsync(Record("  ", Encoding.UTF8.GetBytes(PingJson("  ", "p", "2026-11-24T10:00:00Z")))),
        };

        Assert.All(outcomes, o => Assert.Equal(SignalError.InvalidField, Kind(o)));
    }

    [Fact]
    public async Task ProcessAsync_SameSignalIdForTwoCustomers_EachGetsTheirOwnOffer()
    {
        // Accepted: offer ids hash rule, customer and signal id together, so a reused id collides with nothing.
        await Profile("jane");
        await Profile("sam");
        var jane = await _processor.ProcessAsync(Record("jane", Encoding.UTF8.GetBytes(PingJson("jane", "sig-1", "2026-11-24T10:00:00Z"))));
        var sam = await _processor.ProcessAsync(Record("sam", Encoding.UTF8.GetBytes(PingJson("sam", "sig-1", "2026-11-24T10:00:00Z"))));

        Assert.NotEqual(Assert.Single(jane.Offers).OfferId, Assert.Single(sam.Offers).OfferId);
    }

    private Task Profile(string customerId) => _store.UpsertProfileAsync(new CustomerProfile { CustomerId = customerId }).AsTask();

    private static string PingJson(string customerId, string id, string ts, double lat = 48.86007, double lon = 2.34013, string extra = "") =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $$"""{"kind":"location","id":"{{id}}","customerId":"{{customerId}}","ts":"{{ts}}","lat":{{lat}},"lon":{{lon}},"accuracyM":5{{extra}}}""");

    private static InboundRecord Record(string? key, byte[] value) => new("momentary.signals.location.v1", 0, 7, key, value, Now);

    private static string? Kind(SignalOutcome outcome)
    {
        Assert.Equal(SignalOutcomeKind.DeadLetter, outcome.Kind);
        Assert.Empty(outcome.Offers);
        return Header(Assert.Single(outcome.Outbound), DeadLetters.ErrorKindHeader);
    }

    private static string? Header(OutboundRecord record, string key)
    {
        foreach (var h in record.Headers)
        {
            if (h.Key == key)
            {
                return Encoding.UTF8.GetString(h.Value);
            }
        }

        return null;
    }

    private static int RecordSize(OutboundRecord r) =>
        (r.Key is null ? 0 : Encoding.UTF8.GetByteCount(r.Key)) + r.Value.Length + r.Headers.Sum(h => Encoding.UTF8.GetByteCount(h.Key) + h.Value.Length);
}
