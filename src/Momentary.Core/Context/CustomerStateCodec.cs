using System.Buffers.Text;
using System.Text.Json;
using Momentary.Core.Messaging;

namespace Momentary.Core.Context;

/// <summary>
/// Serializes <see cref="CustomerState"/> as one compact JSON value (source-generated, no reflection), so stores
/// persist it whole and fields added to the state later need no store changes. A stored value may carry a fence
/// header — <c>E</c> and the writer's ownership epoch as 12 ASCII digits — before the JSON
/// (docs/context-store.md, "Fenced writes"); values written before fencing existed have none and count as epoch 0.
/// </summary>
public static class CustomerStateCodec
{
    /// <summary>Length of the fence header: <c>E</c> and 12 digits.</summary>
    public const int FenceHeaderLength = 13;

    private const byte FenceMark = (byte)'E';

    /// <summary>Encodes the state as UTF-8 JSON.</summary>
    public static byte[] Encode(CustomerState state) => JsonSerializer.SerializeToUtf8Bytes(state, ContextJsonContext.Default.CustomerState);

    /// <summary>Encodes the state after a fence header carrying <paramref name="epoch"/> (0 to 999,999,999,999).</summary>
    public static byte[] EncodeFenced(CustomerState state, long epoch)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(epoch, 999_999_999_999);
        Span<byte> header = stackalloc byte[FenceHeaderLength];
        header[0] = FenceMark;
        Utf8Formatter.TryFormat(epoch, header[1..], out _, new System.Buffers.StandardFormat('D', 12));
        return JsonEncoding.Encode(state, static (w, s) => JsonSerializer.Serialize(w, s, ContextJsonContext.Default.CustomerState), header);
    }

    /// <summary>
    /// Decodes a value written by <see cref="Encode"/> or <see cref="EncodeFenced"/>; empty input gives
    /// <see cref="CustomerState.Empty"/>.
    /// </summary>
    /// <exception cref="JsonException">The value is not a state written by this codec.</exception>
    public static CustomerState Decode(ReadOnlySpan<byte> utf8)
    {
        if (!utf8.IsEmpty && utf8[0] == FenceMark)
        {
            utf8 = utf8.Length >= FenceHeaderLength ? utf8[FenceHeaderLength..] : throw new JsonException("truncated fence header");
        }

        return utf8.IsEmpty ? CustomerState.Empty : JsonSerializer.Deserialize(utf8, ContextJsonContext.Default.CustomerState) ?? CustomerState.Empty;
    }

    /// <summary>The ownership epoch a stored value was written under (0 without a fence header).</summary>
    public static long EpochOf(ReadOnlySpan<byte> stored) =>
        stored.Length >= FenceHeaderLength && stored[0] == FenceMark && Utf8Parser.TryParse(stored[1..FenceHeaderLength], out long epoch, out var used) && used == FenceHeaderLength - 1 ? epoch : 0;
}
