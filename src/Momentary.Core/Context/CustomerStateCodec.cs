using System.Text.Json;

namespace Momentary.Core.Context;

/// <summary>
/// Serializes <see cref="CustomerState"/> as one compact JSON value (source-generated, no reflection), so stores
/// persist it whole and fields added to the state later need no store changes.
/// </summary>
public static class CustomerStateCodec
{
    /// <summary>Encodes the state as UTF-8 JSON.</summary>
    public static byte[] Encode(CustomerState state) => JsonSerializer.SerializeToUtf8Bytes(state, ContextJsonContext.Default.CustomerState);

    /// <summary>Decodes UTF-8 JSON written by <see cref="Encode"/>; empty input gives <see cref="CustomerState.Empty"/>.</summary>
    /// <exception cref="JsonException">The value is not a state written by this codec.</exception>
    public static CustomerState Decode(ReadOnlySpan<byte> utf8) =>
        utf8.IsEmpty ? CustomerState.Empty : JsonSerializer.Deserialize(utf8, ContextJsonContext.Default.CustomerState) ?? CustomerState.Empty;
}
