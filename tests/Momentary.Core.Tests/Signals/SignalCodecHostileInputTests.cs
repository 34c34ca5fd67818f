using System.Text;
using Momentary.Core.Signals;

namespace Momentary.Core.Tests.Signals;

/// <summary>Records built to hurt: each must come back as a classified error, never an exception or a signal.</summary>
public sealed class SignalCodecHostileInputTests
{
    private const string Body = "\"kind\":\"location\",\"id\":\"a\",\"lat\":1,\"lon\":1";
    private const string Ts = "\"ts\":\"2026-11-24T10:30:00Z\"";

    public static TheoryData<byte[], string> InvalidText => new()
    {
        { Utf8("{" + Body + ",\"customerId\":\"\\ud800\"," + Ts + "}"), "invalid-utf8" }, // lone high surrogate escape
        { Utf8("{" + Body + ",\"customerId\":\"\\udc00x\"," + Ts + "}"), "invalid-utf8" }, // lone low surrogate escape
        { Utf8("{\"\\ud800\":1," + Body + ",\"customerId\":\"c\"," + Ts + "}"), "invalid-utf8" }, // in an unknown property's name
        { [.. Utf8("{" + Body + ",\"customerId\":\""), 0xC0, 0xAF, .. Utf8("\"," + Ts + "}")], "invalid-utf8" }, // overlong '/'
        { [.. Utf8("{" + Body + ",\"customerId\":\""), 0xFF, .. Utf8("\"," + Ts + "}")], "invalid-utf8" }, // never valid in UTF-8
        { [.. Utf8("{" + Body + ",\"customerId\":\""), 0xED, 0xA0, 0x80, .. Utf8("\"," + Ts + "}")], "invalid-utf8" }, // an encoded surrogate
        { [.. Utf8("{" + Body + ",\"customerId\":\"c\",\"note\":\""), 0xE2, 0x82, .. Utf8("\"," + Ts + "}")], "invalid-utf8" }, // truncated sequence, in an ignored property
    };

    [Theory]
    [MemberData(nameof(InvalidText))]
    public void TryDecode_InvalidUtf8OrUnpairedSurrogate_ReturnsInvalidUtf8WithoutThrowing(byte[] record, string kind)
    {
        Assert.False(SignalCodec.TryDecode(record, out var signal, out var error));
        Assert.Null(signal);
        Assert.Equal(kind, error!.Kind);
    }

    [Theory]
    [InlineData("{" + Body + ",\"customerId\":\"c\"," + Ts + "} trailing")]
    [InlineData("{" + Body + ",\"customerId\":\"c\"," + Ts + "}{}")]
    [InlineData("{" + Body + ",\"customerId\":\"c\"," + Ts + "},")]
    [InlineData("{" + Body + ",\"customerId\":\"c\"," + Ts + "}\u0000")]
    public void TryDecode_BytesAfterTheObject_ReturnsMalformedJson(string json)
    {
        Assert.False(SignalCodec.TryDecode(Utf8(json), out _, out var error));
        Assert.Equal(SignalError.MalformedJson, error!.Kind);
    }

    [Fact]
    public void TryDecode_WhitespaceAfterTheObject_IsAccepted()
    {
        Assert.True(SignalCodec.TryDecode(Utf8("{" + Body + ",\"customerId\":\"c\"," + Ts + "} \r\n\t"), out _, out var error), error?.Message);
    }

    [Theory]
    [InlineData("{" + Body + ",\"customerId\":\"c\",\"customerId\":\"mallory\"," + Ts + "}")]
    [InlineData("{" + Body + ",\"customerId\":\"c\",\"customerI\\u0064\":\"mallory\"," + Ts + "}")] // the same name, escaped
    [InlineData("{" + Body + ",\"customerId\":\"c\"," + Ts + "," + Ts + "}")]
    [InlineData("{" + Body + ",\"customerId\":\"c\"," + Ts + ",\"lat\":2}")]
    [InlineData("{" + Body + ",\"customerId\":\"c\"," + Ts + ",\"kind\":\"wearable\"}")]
    [InlineData("{" + Body + ",\"customerId\":\"c\"," + Ts + ",\"v\":1,\"v\":1}")]
    [InlineData("{" + Body + ",\"customerId\":null,\"customerId\":\"c\"," + Ts + "}")]
    public void TryDecode_RepeatedContractProperty_ReturnsDuplicateProperty(string json)
    {
        Assert.False(SignalCodec.TryDecode(Utf8(json), out _, out var error));
        Assert.Equal("duplicate-property", error!.Kind);
    }

    [Fact]
    public void TryDecode_RepeatedUnknownProperty_IsIgnored()
    {
        Assert.True(SignalCodec.TryDecode(Utf8("{" + Body + ",\"customerId\":\"c\",\"x\":1,\"x\":[2]," + Ts + "}"), out _, out var error), error?.Message);
    }

    [Theory]
    [InlineData("2026-11-24T10:30:00")]
    [InlineData("2026-11-24T10:30:00.1234567")]
    [InlineData("2026-11-24")]
    [InlineData("2026-11-24T10:30")]
    public void TryDecode_TimestampWithoutOffset_ReturnsInvalidField(string ts)
    {
        Assert.False(SignalCodec.TryDecode(Utf8("{" + Body + ",\"customerId\":\"c\",\"ts\":\"" + ts + "\"}"), out _, out var error));
        Assert.Equal(SignalError.InvalidField, error!.Kind);
    }

    [Theory]
    [InlineData("2026-11-24T10:30:00Z", "2026-11-24T10:30:00+00:00")]
    [InlineData("2026-11-24T11:30:00+01:00", "2026-11-24T10:30:00+00:00")]
    [InlineData("2026-11-24T05:30:00-05:00", "2026-11-24T10:30:00+00:00")]
    [InlineData("2026-11-24T11:30:00\\u002B01:00", "2026-11-24T10:30:00+00:00")] // escaped '+'
    [InlineData("2026-11-25T00:30:00+14:00", "2026-11-24T10:30:00+00:00")]
    public void TryDecode_TimestampWithOffset_ReadsTheInstant(string ts, string utc)
    {
        Assert.True(SignalCodec.TryDecode(Utf8("{" + Body + ",\"customerId\":\"c\",\"ts\":\"" + ts + "\"}"), out var signal, out var error), error?.Message);
        Assert.Equal(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), signal!.Timestamp);
    }

    [Theory]
    [InlineData("9999-12-31T23:59:59-14:00")] // past DateTimeOffset.MaxValue in UTC
    [InlineData("0001-01-01T00:00:00+14:00")] // before DateTimeOffset.MinValue in UTC
    [InlineData("2026-11-24T10:30:00+15:00")]
    [InlineData("2026-13-01T10:30:00Z")]
    public void TryDecode_TimestampOutsideTheRepresentableRange_ReturnsInvalidField(string ts)
    {
        Assert.False(SignalCodec.TryDecode(Utf8("{" + Body + ",\"customerId\":\"c\",\"ts\":\"" + ts + "\"}"), out _, out var error));
        Assert.Equal(SignalError.InvalidField, error!.Kind);
    }

    public static TheoryData<string> HostileIds => new()
    {
        new string('x', 256 + 1),
        new string('x', 100_000),
        "   ",
        "\\t\\n",
        "a\\u0000b",
        "jane\\r\\nX-Injected: 1",
        "\\u0085", // a C1 control
        "\\u007f", // DEL
    };

    [Theory]
    [MemberData(nameof(HostileIds))]
    public void TryDecode_HostileCustomerId_ReturnsInvalidField(string id)
    {
        Assert.False(SignalCodec.TryDecode(Utf8("{" + Body + ",\"customerId\":\"" + id + "\"," + Ts + "}"), out _, out var error));
        Assert.Equal(SignalError.InvalidField, error!.Kind);
        Assert.DoesNotContain(id, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(HostileIds))]
    public void TryDecode_HostileSignalId_ReturnsInvalidField(string id)
    {
        Assert.False(SignalCodec.TryDecode(Utf8("{\"kind\":\"location\",\"id\":\"" + id + "\",\"lat\":1,\"lon\":1,\"customerId\":\"c\"," + Ts + "}"), out _, out var error));
        Assert.Equal(SignalError.InvalidField, error!.Kind);
    }

    [Fact]
    public void TryDecode_LongestAllowedNonAsciiCustomerId_IsAccepted()
    {
        var id = new string('é', 256);
        Assert.True(SignalCodec.TryDecode(Utf8("{" + Body + ",\"customerId\":\"" + id + "\"," + Ts + "}"), out var signal, out var error), error?.Message);
        Assert.Equal(id, signal!.CustomerId);
    }

    [Theory]
    [InlineData("null", SignalError.MissingField)]
    [InlineData("\"\"", SignalError.MissingField)]
    [InlineData("42", SignalError.InvalidField)]
    [InlineData("[\"c\"]", SignalError.InvalidField)]
    [InlineData("{\"id\":\"c\"}", SignalError.InvalidField)]
    [InlineData("true", SignalError.InvalidField)]
    public void TryDecode_CustomerIdNullEmptyOrWrongType_ReturnsClassifiedError(string value, string kind)
    {
        Assert.False(SignalCodec.TryDecode(Utf8("{" + Body + ",\"customerId\":" + value + "," + Ts + "}"), out _, out var error));
        Assert.Equal(kind, error!.Kind);
    }

    [Theory]
    [InlineData("\"kind\":\"location\",\"id\":null,\"lat\":1,\"lon\":1", SignalError.MissingField)]
    [InlineData("\"kind\":\"location\",\"id\":\"\",\"lat\":1,\"lon\":1", SignalError.MissingField)]
    [InlineData("\"kind\":\"location\",\"id\":7,\"lat\":1,\"lon\":1", SignalError.InvalidField)]
    [InlineData("\"kind\":\"Location\",\"id\":\"a\",\"lat\":1,\"lon\":1", SignalError.UnknownKind)]
    [InlineData("\"kind\":\"\",\"id\":\"a\"", SignalError.MissingField)]
    [InlineData("\"kind\":1,\"id\":\"a\"", SignalError.InvalidField)]
    [InlineData("\"v\":0,\"kind\":\"location\",\"id\":\"a\",\"lat\":1,\"lon\":1", SignalError.UnsupportedVersion)]
    [InlineData("\"v\":-1,\"kind\":\"location\",\"id\":\"a\",\"lat\":1,\"lon\":1", SignalError.UnsupportedVersion)]
    [InlineData("\"v\":\"1\",\"kind\":\"location\",\"id\":\"a\",\"lat\":1,\"lon\":1", SignalError.InvalidField)]
    [InlineData("\"v\":1.5,\"kind\":\"location\",\"id\":\"a\",\"lat\":1,\"lon\":1", SignalError.InvalidField)]
    [InlineData("\"v\":99999999999,\"kind\":\"location\",\"id\":\"a\",\"lat\":1,\"lon\":1", SignalError.InvalidField)]
    [InlineData("\"kind\":\"location\",\"id\":\"a\",\"lat\":1e400,\"lon\":1", SignalError.InvalidField)] // overflows to infinity
    [InlineData("\"kind\":\"location\",\"id\":\"a\",\"lat\":-1e400,\"lon\":1", SignalError.InvalidField)]
    [InlineData("\"kind\":\"location\",\"id\":\"a\",\"lat\":\"NaN\",\"lon\":1", SignalError.InvalidField)]
    [InlineData("\"kind\":\"location\",\"id\":\"a\",\"lat\":1,\"lon\":180.000001", SignalError.InvalidField)]
    [InlineData("\"kind\":\"location\",\"id\":\"a\",\"lat\":-90.5,\"lon\":1", SignalError.InvalidField)]
    [InlineData("\"kind\":\"location\",\"id\":\"a\",\"lat\":1,\"lon\":1,\"accuracyM\":1e400", SignalError.InvalidField)]
    [InlineData("\"kind\":\"location\",\"id\":\"a\",\"lat\":1,\"lon\":1,\"speedMps\":1e400", SignalError.InvalidField)]
    [InlineData("\"kind\":\"location\",\"id\":\"a\",\"lat\":1,\"lon\":1,\"headingDeg\":720", SignalError.InvalidField)]
    [InlineData("\"kind\":\"location\",\"id\":\"a\",\"lat\":[1],\"lon\":1", SignalError.InvalidField)]
    [InlineData("\"kind\":\"wearable\",\"id\":\"a\",\"steps\":1.5", SignalError.InvalidField)]
    [InlineData("\"kind\":\"wearable\",\"id\":\"a\",\"steps\":3000000000", SignalError.InvalidField)]
    [InlineData("\"kind\":\"commerce\",\"id\":\"a\",\"action\":\"purchase\",\"price\":1e400", SignalError.InvalidField)]
    [InlineData("\"kind\":\"commerce\",\"id\":\"a\",\"action\":\"purchase\",\"price\":\"9.99\"", SignalError.InvalidField)]
    [InlineData("\"kind\":\"commerce\",\"id\":\"a\",\"action\":7", SignalError.InvalidField)]
    [InlineData("\"kind\":\"social\",\"id\":\"a\",\"action\":\"check-in\",\"venueId\":{}", SignalError.InvalidField)]
    public void TryDecode_WrongTypeOrRange_ReturnsClassifiedError(string body, string kind)
    {
        Assert.False(SignalCodec.TryDecode(Utf8("{" + body + ",\"customerId\":\"c\"," + Ts + "}"), out _, out var error));
        Assert.Equal(kind, error!.Kind);
    }

    [Fact]
    public void TryDecode_NegativeSpeedAndHeading_ReadAsNotMeasured()
    {
        Assert.True(SignalCodec.TryDecode(Utf8("{" + Body + ",\"customerId\":\"c\"," + Ts + ",\"speedMps\":-1,\"headingDeg\":-1}"), out var signal, out var error), error?.Message);
        var ping = Assert.IsType<LocationPing>(signal);
        Assert.Equal((null, null), (ping.SpeedMetersPerSecond, ping.HeadingDegrees));
    }

    [Theory]
    [InlineData(8 - 1, true)]
    [InlineData(8, false)]
    [InlineData(10_000, false)]
    public void TryDecode_NestingInAnUnknownProperty_IsBoundedByMaxDepth(int depth, bool accepted)
    {
        // The signal object is level 1, so an unknown property holding `depth` arrays reaches depth + 1.
        var json = "{" + Body + ",\"customerId\":\"c\"," + Ts + ",\"x\":" + new string('[', depth) + new string(']', depth) + "}";
        Assert.Equal(accepted, SignalCodec.TryDecode(Utf8(json), out _, out var error));
        if (!accepted)
        {
            Assert.Equal(SignalError.MalformedJson, error!.Kind);
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("null")]
    [InlineData("\"a string\"")]
    [InlineData("\uFEFF{}")]
    [InlineData("{\"kind\":\"location\",/*c*/\"id\":\"a\"}")]
    public void TryDecode_NotAnObject_ReturnsMalformedJson(string json)
    {
        Assert.False(SignalCodec.TryDecode(Utf8(json), out _, out var error));
        Assert.Equal(SignalError.MalformedJson, error!.Kind);
    }

    private static byte[] Utf8(string s) => Encoding.UTF8.GetBytes(s);
}
