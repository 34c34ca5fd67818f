namespace Momentary.Core.Signals;

/// <summary>Why a record could not be decoded into a signal. Carried to the dead-letter topic as headers.</summary>
/// <param name="Kind">Short machine-readable class: <c>malformed-json</c>, <c>missing-field</c>, <c>invalid-field</c>, <c>unsupported-version</c>, <c>unknown-kind</c>.</param>
/// <param name="Message">Human-readable detail. Never contains field values that could be personal data.</param>
public sealed record SignalError(string Kind, string Message)
{
    public const string MalformedJson = "malformed-json";
    public const string MissingField = "missing-field";
    public const string InvalidField = "invalid-field";
    public const string UnsupportedVersion = "unsupported-version";
    public const string UnknownKind = "unknown-kind";
}
