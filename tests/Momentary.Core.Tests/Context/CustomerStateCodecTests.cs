using System.Text;
using System.Text.Json;
using Momentary.Core.Context;

namespace Momentary.Core.Tests.Context;

/// <summary>The binary state format (docs/context-store.md, "State format"): round trips, layout, old JSON, bad input.</summary>
public sealed class CustomerStateCodecTests
{
    // Written by the JSON codec this format replaces (CustomerStateCodec.Encode before format 1), every field present.
    private const string OldJson =
        """{"insideVenues":{"aurora":"2026-11-24T10:40:00.0001234+00:00","caf\u00E9":"2026-11-24T11:40:00+01:00"},"lastSeen":"2026-11-24T10:40:00.0009999+00:00","lastLatitude":48.860611111111,"lastLongitude":-2.3376,"lastVisits":{"aurora":"2026-11-24T10:40:00+00:00"},"recentSignals":[{"signalId":"p-0","entered":["aurora"],"exited":[]}],"routines":{"coffee":{"lastPurchase":"2026-11-23T10:40:00+00:00","purchases":7,"meanIntervalHours":25.5,"hasCadence":true,"due":"2026-11-24T12:10:00+00:00"}},"propensities":{"fashion":{"offered":3.25,"redeemed":1,"updatedAt":"2026-11-24T10:40:00+00:00","lastRedemption":"2026-11-24T10:35:00+00:00"}},"exposures":[{"ruleId":"boutique","category":"fashion","until":"2026-11-24T13:40:00+00:00","control":false,"from":"2026-11-24T10:40:00+00:00","offerId":"of_1","converted":true,"variant":"b"},{"ruleId":"old","category":"food","until":"2026-11-24T11:40:00+00:00","control":true,"from":"0001-01-01T00:00:00+00:00","converted":false}],"heartRates":[{"at":"2026-11-24T10:39:00+00:00","bpm":92}]}""";

    // StateSamples.Rich() as format version 1 wrote it (signal ids as strings), captured from the build before version 2.
    private const string RichVersion1 = "tQEHgsCDyYaiA49O4mVAgShuSEBsCfmgZ7MCwAIHYXVyb3JhgsCDyYaiA9IJDGNhZsOpLcOpdMOpgcCDyYaiA3gCB2F1cm9yYYDAg8mGogMGa2lvc2uBgKHs/qED8wgCBHAtMAEHYXVyb3JhAARwLTEAAgZraW9zawdhdXJvcmECB2NvZmZlZYCAuP+DogMOAAAAAACAOUAGc2hvZXOAwIPJhqIDAgAAAAAAAAAAAghmYXNoaW9uAAAAAAAACkA43wYAAADwP4DAg8mGogMBgILxx4aiAwVmb29kAAAAAAAAAAAAAAAAAAAAAPi/g8mGogMAAgIJYm91dGlxdWUIZmFzaGlvboD4nPKGogOAwIPJhqIDBW9mXzECYgEEb2xkBWZvb2SAqOHWhqID/P+ai4mDcQAAAoCa5siGogO4AYDAg8mGogOaAg==";

    [Fact]
    public void Decode_Version1_ReadsEveryFieldAndHashesTheSignalIds()
    {
        var bytes = Convert.FromBase64String(RichVersion1);
        Assert.Equal(1, bytes[1]);

        var state = CustomerStateCodec.Decode(bytes);

        // Rich() as it was then: two signals, both with transitions.
        StateAssert.Same(StateSamples.Rich() with { RecentSignals = RecentMarks.Empty.Add("p-0", ["aurora"], []).Add("p-1", [], ["kiosk", "aurora"]) }, state);
        Assert.Equal(new[] { "p-0", "p-1" }.Select(RecentMarks.IdOf), state.RecentSignals.ToArray());
        Assert.True(state.RecentSignals.TryFind("p-1", out var mark));
        Assert.Equal(["kiosk", "aurora"], mark!.Exited);
        Assert.Empty(mark.Entered);
        Assert.Equal(CustomerStateFormat.Version, CustomerStateCodec.Encode(state)[1]); // written back as version 2
    }

    [Fact]
    public void Encode_Version2_HoldsEachSignalAsEightBytes()
    {
        var quiet = Enumerable.Range(0, 8).Aggregate(RecentMarks.Empty, (marks, i) => marks.Add($"a-long-signal-id-{i:D20}", null, null));
        var bytes = CustomerStateCodec.Encode(new CustomerState { RecentSignals = quiet });

        Assert.Equal(10 + (8 * 10), bytes.Length); // the empty state's 10 bytes, then per signal its id and two empty venue lists
        StateAssert.Same(new CustomerState { RecentSignals = quiet }, CustomerStateCodec.Decode(bytes));
    }

    [Fact]
    public void Encode_RichState_DecodesToTheSameStateFieldByField()
    {
        var state = StateSamples.Rich();
        var decoded = CustomerStateCodec.Decode(CustomerStateCodec.Encode(state));
        StateAssert.Same(state, decoded);
        Assert.Equal(TimeSpan.FromHours(1), decoded.InsideVenues["café-été"].Offset); // offsets kept, as the JSON kept them
        Assert.Equal(TimeSpan.FromMinutes(-570), decoded.LastVisits["kiosk"].Offset);
        Assert.Equal(state.LastSeen!.Value.Ticks, decoded.LastSeen!.Value.Ticks); // sub-millisecond ticks kept
        Assert.Equal(DateTimeOffset.MinValue, decoded.Exposures[1].From);
        Assert.Equal((null, null), (decoded.Exposures[1].OfferId, decoded.Exposures[1].Variant));
    }

    [Fact]
    public void Encode_LargeStateAtTheEnginesCaps_RoundTrips()
    {
        var state = StateSamples.Large();
        StateAssert.Same(state, CustomerStateCodec.Decode(CustomerStateCodec.EncodeFenced(state, 999_999_999_999)));
    }

    [Fact]
    public void Encode_EmptyState_IsTenBytesAndRoundTripsWithEmptyCollectionsAndNulls()
    {
        var bytes = CustomerStateCodec.Encode(CustomerState.Empty);
        Assert.Equal([CustomerStateFormat.Marker, CustomerStateFormat.Version, 0, 0, 0, 0, 0, 0, 0, 0], bytes);
        var decoded = CustomerStateCodec.Decode(bytes);
        StateAssert.Same(CustomerState.Empty, decoded);
        Assert.Null(decoded.LastSeen);
        Assert.Null(decoded.LastLatitude);
        Assert.Empty(decoded.InsideVenues);
        Assert.Empty(decoded.HeartRates);
    }

    [Fact]
    public void Encode_OnlyOneOfTheOptionalFields_KeepsTheOthersNull()
    {
        var state = new CustomerState { LastLongitude = 0.0 };
        var decoded = CustomerStateCodec.Decode(CustomerStateCodec.Encode(state));
        Assert.Equal((null, null, 0.0), (decoded.LastSeen, decoded.LastLatitude, decoded.LastLongitude));
    }

    [Fact]
    public void EncodeFenced_WritesTheTextFenceHeaderThenTheMarkerAndVersion()
    {
        var bytes = CustomerStateCodec.EncodeFenced(StateSamples.Rich(), 7);
        Assert.Equal("E000000000007"u8.ToArray(), bytes[..CustomerStateCodec.FenceHeaderLength]);
        Assert.Equal([CustomerStateFormat.Marker, CustomerStateFormat.Version], bytes[CustomerStateCodec.FenceHeaderLength..(CustomerStateCodec.FenceHeaderLength + 2)]);
        Assert.Equal(7, CustomerStateCodec.EpochOf(bytes));
        Assert.Equal(0, CustomerStateCodec.EpochOf(CustomerStateCodec.Encode(StateSamples.Rich())));
    }

    [Fact]
    public void Encode_RichState_IsLessThanHalfTheJson()
    {
        var state = StateSamples.Rich();
        var binary = CustomerStateCodec.Encode(state).Length;
        var json = CustomerStateCodec.EncodeJson(state).Length;
        Assert.True(binary * 2 < json, $"binary {binary} bytes, JSON {json}");
    }

    // The JSON view writes a signal's id as "#" and its hash, and reads that form back as the hash.
    private static readonly string OldJsonWithHashedIds = OldJson.Replace("\"signalId\":\"p-0\"", $"\"signalId\":\"#{RecentMarks.IdOf("p-0"):x16}\"", StringComparison.Ordinal);

    [Fact]
    public void Decode_OldJsonWithoutFenceHeader_ReadsEveryField()
    {
        var state = CustomerStateCodec.Decode(Encoding.UTF8.GetBytes(OldJson));
        Assert.Equal(OldJsonWithHashedIds, Encoding.UTF8.GetString(CustomerStateCodec.EncodeJson(state))); // nothing lost or changed but the id's form
        Assert.True(state.RecentSignals.TryFind("p-0", out var mark));
        Assert.Equal(["aurora"], mark!.Entered);
        Assert.Equal(TimeSpan.FromHours(1), state.InsideVenues["café"].Offset);
        Assert.Equal(new PurchaseRoutine(StateSamples.T0.AddDays(-1), 7, 25.5), state.Routines["coffee"]);
        Assert.Equal(92, state.HeartRates[0].Bpm);
    }

    [Fact]
    public void Decode_OldJsonAfterAFenceHeader_ReadsTheSameStateAndItsEpoch()
    {
        var stored = Encoding.UTF8.GetBytes("E000000000042" + OldJson);
        Assert.Equal(42, CustomerStateCodec.EpochOf(stored));
        var state = CustomerStateCodec.Decode(stored);
        Assert.Equal(OldJsonWithHashedIds, Encoding.UTF8.GetString(CustomerStateCodec.EncodeJson(state)));

        // Re-encoded, the old state is binary and reads back the same.
        StateAssert.Same(state, CustomerStateCodec.Decode(CustomerStateCodec.EncodeFenced(state, 42)));
    }

    [Fact]
    public void Decode_OldJsonWithoutTheFieldsAddedLater_UsesTheirDefaults()
    {
        var state = CustomerStateCodec.Decode("""{"lastSeen":"2026-11-24T10:40:00+00:00"}"""u8);
        Assert.Equal(StateSamples.T0, state.LastSeen);
        Assert.Empty(state.Exposures);
        Assert.Same(CustomerState.Empty, CustomerStateCodec.Decode([]));
        Assert.Same(CustomerState.Empty, CustomerStateCodec.Decode("E000000000003"u8));
    }

    [Fact]
    public void Decode_EveryTruncationOfABinaryState_ThrowsCustomerStateFormatException()
    {
        var bytes = CustomerStateCodec.EncodeFenced(StateSamples.Rich(), 3);
        for (var length = 1; length < bytes.Length; length++)
        {
            if (length == CustomerStateCodec.FenceHeaderLength)
            {
                continue; // a bare fence header is a state written empty
            }

            var ex = Assert.Throws<CustomerStateFormatException>(() => CustomerStateCodec.Decode(bytes.AsSpan(0, length)));
            Assert.IsAssignableFrom<JsonException>(ex); // what callers of the codec have always handled
        }
    }

    [Fact]
    public void Decode_GarbledBinaryState_ThrowsOnlyCustomerStateFormatException()
    {
        var bytes = CustomerStateCodec.Encode(StateSamples.Large());
        var random = new Random(22);
        for (var i = 0; i < 3_000; i++)
        {
            var garbled = (byte[])bytes.Clone();
            for (var flips = random.Next(1, 4); flips > 0; flips--)
            {
                garbled[random.Next(1, garbled.Length)] = (byte)random.Next(256);
            }

            try
            {
                CustomerStateCodec.Decode(garbled); // a flip inside a double or a time can decode: the format has no checksum
            }
            catch (CustomerStateFormatException)
            {
            }
        }
    }

    [Fact]
    public void Decode_NewerFormatVersion_ThrowsNamingBothVersions()
    {
        var bytes = CustomerStateCodec.Encode(StateSamples.Rich());
        bytes[1] = CustomerStateFormat.Version + 1;
        var ex = Assert.Throws<CustomerStateFormatException>(() => CustomerStateCodec.Decode(bytes));
        Assert.Contains($"version {CustomerStateFormat.Version + 1}, newer than this build reads ({CustomerStateFormat.Version})", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { CustomerStateFormat.Marker, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0 }, "follow the state")]
    [InlineData(new byte[] { CustomerStateFormat.Marker, 1, 8, 0, 0, 0, 0, 0, 0, 0, 0 }, "presence flags")]
    [InlineData(new byte[] { CustomerStateFormat.Marker, 1, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, "exceeds")]
    [InlineData(new byte[] { CustomerStateFormat.Marker, 1, 0, 1, 3, 0xC3, 0x28, 0 }, "UTF-8")]
    [InlineData(new byte[] { CustomerStateFormat.Marker, 1, 0, 2, 2, 0x61, 0, 2, 0x61, 0 }, "twice")]
    [InlineData(new byte[] { CustomerStateFormat.Marker, 1, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, "varint")]
    [InlineData(new byte[] { CustomerStateFormat.Marker, 1, 1, 0xFC, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, "out of range")]
    [InlineData(new byte[] { CustomerStateFormat.Marker, 0 }, "unknown state format version 0")]
    public void Decode_MalformedBinary_SaysWhatIsWrong(byte[] value, string expected)
    {
        var ex = Assert.Throws<CustomerStateFormatException>(() => CustomerStateCodec.Decode(value));
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_NeitherBinaryNorJson_ThrowsJsonExceptionAsBefore()
    {
        Assert.ThrowsAny<JsonException>(() => CustomerStateCodec.Decode("not a state"u8));
        Assert.Throws<CustomerStateFormatException>(() => CustomerStateCodec.Decode("E0001"u8));
    }
}
