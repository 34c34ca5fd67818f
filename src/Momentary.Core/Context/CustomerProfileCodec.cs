using System.Text.Json;

namespace Momentary.Core.Context;

/// <summary>Serializes <see cref="CustomerProfile"/> as compact JSON (source-generated, no reflection), so stores keep it as one value.</summary>
public static class CustomerProfileCodec
{
    /// <summary>Encodes the profile as UTF-8 JSON.</summary>
    public static byte[] Encode(CustomerProfile profile) => JsonSerializer.SerializeToUtf8Bytes(profile, ContextJsonContext.Default.CustomerProfile);

    /// <summary>Decodes a profile written by <see cref="Encode"/>.</summary>
    /// <exception cref="JsonException">Not a profile.</exception>
    public static CustomerProfile Decode(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(utf8, ContextJsonContext.Default.CustomerProfile) ?? throw new JsonException("null profile");
}
