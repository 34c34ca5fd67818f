using System.Globalization;
using System.Text.Json;
using System.Text.Unicode;
using Momentary.Core.Messaging;

namespace Momentary.Core.Signals;

/// <summary>
/// Reads and writes signal contract v1 (<c>docs/contracts.md</c>). Decoding is a single forward pass with
/// <see cref="Utf8JsonReader"/>: no reflection, no intermediate DOM, and every failure becomes a
/// <see cref="SignalError"/> rather than an exception, so one bad record never stops the stream.
/// Unknown properties are ignored (forward compatibility within v1).
/// </summary>
public static class SignalCodec
{
    /// <summary>The contract version this codec reads and writes.</summary>
    public const int Version = 1;

    /// <summary>
    /// The deepest nesting a record may have (the signal object is level 1). Signals are flat; the slack is for
    /// unknown properties a newer producer may add. Deeper input is <c>malformed-json</c>.
    /// </summary>
    public const int MaxDepth = 8;

    /// <summary>The longest <c>customerId</c> and <c>id</c> accepted, in characters: ids are keys and parts of offer ids, not payloads.</summary>
    public const int MaxIdLength = 256;

    /// <summary>Decodes one UTF-8 JSON record.</summary>
    /// <returns><c>true</c> with <paramref name="signal"/> set, or <c>false</c> with <paramref name="error"/> set.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> utf8, out Signal? signal, out SignalError? error) =>
        TryDecode(utf8, expectedCustomerId: null, out signal, out error);

    /// <summary>
    /// Decodes one UTF-8 JSON record read under the key <paramref name="expectedCustomerId"/>: the same decoding, but a
    /// <c>customerId</c> equal to the key is that string instance rather than a new one (the key is not checked here).
    /// </summary>
    /// <returns><c>true</c> with <paramref name="signal"/> set, or <c>false</c> with <paramref name="error"/> set.</returns>
    public static bool TryDecode(ReadOnlySpan<byte> utf8, string? expectedCustomerId, out Signal? signal, out SignalError? error)
    {
        signal = null;

        // The reader only checks UTF-8 when a string is materialised, and then throws; checking the whole record
        // first (vectorised, no allocation) classifies every invalid or overlong sequence alike, wherever it is.
        if (!Utf8.IsValid(utf8))
        {
            error = new SignalError(SignalError.InvalidUtf8, "the record is not valid UTF-8");
            return false;
        }

        var fields = new SignalFields(expectedCustomerId);
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = MaxDepth });
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = new SignalError(SignalError.MalformedJson, "a signal must be a JSON object");
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (!fields.ReadProperty(ref reader, out error))
                {
                    return false;
                }
            }

            // The reader stops at the object's end; anything but whitespace after it is a second value or garbage.
            if (utf8[(int)reader.BytesConsumed..].IndexOfAnyExcept(" \t\r\n"u8) >= 0)
            {
                error = new SignalError(SignalError.MalformedJson, $"unexpected bytes after the JSON object at byte {reader.BytesConsumed}");
                return false;
            }
        }
        catch (JsonException ex)
        {
            error = new SignalError(SignalError.MalformedJson, $"invalid JSON at byte {ex.BytePositionInLine}");
            return false;
        }
        catch (InvalidOperationException)
        {
            // Valid UTF-8 can still escape an unpaired surrogate ("\ud800"), which no string can hold: the reader
            // throws when such a name is compared or such a value read.
            error = new SignalError(SignalError.InvalidUtf8, "a string escapes an unpaired UTF-16 surrogate");
            return false;
        }

        return fields.TryBuild(out signal, out error);
    }

    /// <summary>Encodes a signal as contract v1 JSON.</summary>
    public static byte[] Encode(Signal signal)
    {
        ArgumentNullException.ThrowIfNull(signal);
        return JsonEncoding.Encode(signal, Write);
    }

    /// <summary>Writes a signal as contract v1 JSON to <paramref name="w"/>.</summary>
    public static void Write(Utf8JsonWriter w, Signal signal)
    {
        ArgumentNullException.ThrowIfNull(w);
        ArgumentNullException.ThrowIfNull(signal);
        w.WriteStartObject();
        w.WriteNumber("v", Version);
        w.WriteString("kind", KindName(signal.Kind));
        w.WriteString("id", signal.Id);
        w.WriteString("customerId", signal.CustomerId);
        w.WriteString("ts", signal.Timestamp.UtcDateTime.ToString("O", CultureInfo.InvariantCulture));
        switch (signal)
        {
            case LocationPing p:
                w.WriteNumber("lat", p.Latitude);
                w.WriteNumber("lon", p.Longitude);
                w.WriteNumber("accuracyM", p.AccuracyMeters);
                WriteOptional(w, "speedMps", p.SpeedMetersPerSecond);
                WriteOptional(w, "headingDeg", p.HeadingDegrees);
                break;
            case WearableReading r:
                WriteOptional(w, "sedentaryMinutes", r.SedentaryMinutes);
                WriteOptional(w, "steps", r.Steps);
                WriteOptional(w, "heartRate", r.HeartRate);
                break;
            case SocialEvent s:
                w.WriteString("action", s.Action == SocialAction.CheckIn ? "check-in" : "share");
                WriteOptional(w, "venueId", s.VenueId);
                WriteOptional(w, "purchaseId", s.PurchaseId);
                break;
            case CommerceEvent c:
                w.WriteString("action", c.Action switch { CommerceAction.PriceCheck => "price-check", CommerceAction.Purchase => "purchase", CommerceAction.ReferralCredit => "referral-credit", _ => "redemption" });
                WriteOptional(w, "venueId", c.VenueId);
                WriteOptional(w, "sku", c.Sku);
                WriteOptional(w, "category", c.Category);
                WriteOptional(w, "price", c.Price);
                WriteOptional(w, "competitorPrice", c.CompetitorPrice);
                WriteOptional(w, "currency", c.Currency);
                WriteOptional(w, "referralCode", c.ReferralCode);
                WriteOptional(w, "offerId", c.OfferId);
                WriteOptional(w, "ruleId", c.RuleId);
                break;
            default:
                throw new ArgumentException($"unknown signal type {signal.GetType().Name}", nameof(signal));
        }

        w.WriteEndObject();
    }

    /// <summary>The contract's name of a kind: <c>location</c>, <c>wearable</c>, <c>social</c>, <c>commerce</c>.</summary>
    public static string KindName(SignalKind kind) => kind switch
    {
        SignalKind.Location => "location",
        SignalKind.Wearable => "wearable",
        SignalKind.Social => "social",
        SignalKind.Commerce => "commerce",
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static void WriteOptional(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null)
        {
            w.WriteString(name, value);
        }
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, double? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, int? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
    }

    private static void WriteOptional(Utf8JsonWriter w, string name, decimal? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
    }
}
