namespace Momentary.Core.Signals;

/// <summary>Why a record could not be decoded into a signal. Carried to the dead-letter topic as headers.</summary>
/// <param name="Kind">
/// Short machine-readable class: <c>malformed-json</c>, <c>invalid-utf8</c>, <c>duplicate-property</c>,
/// <c>missing-field</c>, <c>invalid-field</c>, <c>unsupported-version</c>, <c>unknown-kind</c> (the decoder's), or
/// one the processor adds before or after decoding (<c>docs/contracts.md</c>, "Bad input").
/// </param>
/// <param name="Message">Human-readable detail. Never contains field values that could be personal data.</param>
public sealed record SignalError(string Kind, string Message)
{
    /// <summary>Not one JSON object: bad syntax, nesting deeper than the decoder allows, or bytes after the object.</summary>
    public const string MalformedJson = "malformed-json";

    /// <summary>The bytes are not UTF-8 (invalid or overlong sequences), or a string escapes an unpaired surrogate (<c>\ud800</c>).</summary>
    public const string InvalidUtf8 = "invalid-utf8";

    /// <summary>A property of the contract appears twice; which one the producer meant cannot be known.</summary>
    public const string DuplicateProperty = "duplicate-property";

    /// <summary>A field the signal's kind (or action) requires is absent or empty, e.g. <c>ts</c>, or <c>venueId</c> of a check-in.</summary>
    public const string MissingField = "missing-field";

    /// <summary>A field has the wrong JSON type or an impossible value: a latitude out of range, a negative price, a blank id.</summary>
    public const string InvalidField = "invalid-field";

    /// <summary>The record's <c>v</c> is not <see cref="SignalCodec.Version"/>.</summary>
    public const string UnsupportedVersion = "unsupported-version";

    /// <summary>The record's <c>kind</c> is not <c>location</c>, <c>wearable</c>, <c>social</c> or <c>commerce</c>.</summary>
    public const string UnknownKind = "unknown-kind";
}
