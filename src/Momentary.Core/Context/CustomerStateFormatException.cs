using System.Text.Json;

namespace Momentary.Core.Context;

/// <summary>
/// A stored customer state that <see cref="CustomerStateCodec"/> cannot decode: a binary value that is truncated or
/// garbled, or one written in a newer format version than this build reads. It derives from
/// <see cref="JsonException"/>, the exception the codec has always thrown for an undecodable state, so every caller that
/// handles that (the processor dead-letters the signal as <c>processing-failed</c>) handles this the same way.
/// </summary>
public sealed class CustomerStateFormatException : JsonException
{
    /// <summary>Creates the exception with a message that says what is wrong with the value (never its content).</summary>
    public CustomerStateFormatException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with no message.</summary>
    public CustomerStateFormatException()
    {
    }

    /// <summary>Creates the exception with a message and the failure that caused it.</summary>
    public CustomerStateFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
