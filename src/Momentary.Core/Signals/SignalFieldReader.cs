using System.Text.Json;

namespace Momentary.Core.Signals;

/// <summary>
/// Reads the value of the property a <see cref="Utf8JsonReader"/> is positioned on as one type of the contract; a
/// value of another type is an <c>invalid-field</c> error naming the property (never its value), not an exception.
/// </summary>
internal static class SignalFieldReader
{
    /// <summary>An ISO-8601 timestamp string that carries its offset (<c>Z</c> or <c>±hh:mm</c>); a local time without one is rejected.</summary>
    public static bool ReadTimestamp(ref Utf8JsonReader reader, out DateTimeOffset? value, out SignalError? error)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var ts))
        {
            value = null;
            error = new SignalError(SignalError.InvalidField, "ts must be an ISO-8601 timestamp with offset");
            return false;
        }

        if (!HasOffset(ref reader))
        {
            value = null;
            error = new SignalError(SignalError.InvalidField, "ts must carry its UTC offset (Z or ±hh:mm)");
            return false;
        }

        value = ts;
        error = null;
        return true;
    }

    // The reader takes a timestamp without an offset as the machine's local time, so the same record would mean
    // different instants on different hosts. An offset is a 'Z', '+' or '-' after the 'T' (the time holds none of
    // them); a date alone has no 'T'. Only an escaped value (rare) is unescaped, into a stack buffer: a value
    // TryGetDateTimeOffset accepted is at most 42 bytes unescaped.
    private static bool HasOffset(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return HasOffset(reader.ValueSpan);
        }

        Span<byte> unescaped = stackalloc byte[64];
        return HasOffset(unescaped[..reader.CopyString(unescaped)]);
    }

    private static bool HasOffset(ReadOnlySpan<byte> text)
    {
        if (text[^1] == (byte)'Z')
        {
            return true; // the usual form; TryGetDateTimeOffset accepts a trailing 'Z' only after a time
        }

        var t = text.IndexOf((byte)'T');
        return t >= 0 && text[(t + 1)..].IndexOfAny("Z+-"u8) >= 0;
    }

    /// <summary>A string, or <c>null</c> for a JSON null.</summary>
    public static bool ReadString(ref Utf8JsonReader reader, string name, out string? value, out SignalError? error)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Null)
        {
            value = null;
            error = null;
            return true;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            value = null;
            error = new SignalError(SignalError.InvalidField, $"{name} must be a string");
            return false;
        }

        value = reader.GetString();
        error = null;
        return true;
    }

    /// <summary>
    /// A string like <see cref="ReadString"/>, but when it equals one of <paramref name="known"/> (compared unescaped,
    /// ordinally) that instance is returned instead of a new string: values the decoder only matches (kind, action)
    /// or already holds (the record key) cost no allocation.
    /// </summary>
    public static bool ReadKnownString(ref Utf8JsonReader reader, string name, scoped ReadOnlySpan<string?> known, out string? value, out SignalError? error)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.String)
        {
            foreach (var candidate in known)
            {
                if (candidate is not null && reader.ValueTextEquals(candidate))
                {
                    value = candidate;
                    error = null;
                    return true;
                }
            }

            value = reader.GetString();
            error = null;
            return true;
        }

        if (reader.TokenType == JsonTokenType.Null)
        {
            value = null;
            error = null;
            return true;
        }

        value = null;
        error = new SignalError(SignalError.InvalidField, $"{name} must be a string");
        return false;
    }

    /// <summary>A number as a double (an overflow such as <c>1e400</c> reads as infinity: callers check finiteness).</summary>
    public static bool ReadDouble(ref Utf8JsonReader reader, string name, out double? value, out SignalError? error)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var d))
        {
            value = d;
            error = null;
            return true;
        }

        value = null;
        error = new SignalError(SignalError.InvalidField, $"{name} must be a number");
        return false;
    }

    /// <summary>A number that fits a 32-bit integer.</summary>
    public static bool ReadInt(ref Utf8JsonReader reader, string name, out int? value, out SignalError? error)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var i))
        {
            value = i;
            error = null;
            return true;
        }

        value = null;
        error = new SignalError(SignalError.InvalidField, $"{name} must be an integer");
        return false;
    }

    /// <summary>A number as a decimal (prices: no binary rounding).</summary>
    public static bool ReadDecimal(ref Utf8JsonReader reader, string name, out decimal? value, out SignalError? error)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var m))
        {
            value = m;
            error = null;
            return true;
        }

        value = null;
        error = new SignalError(SignalError.InvalidField, $"{name} must be a number");
        return false;
    }
}
