using System.Buffers.Text;
using System.Text.Json;

namespace Momentary.Core.Context;

/// <summary>
/// Serializes <see cref="CustomerState"/> in a compact binary format (docs/context-store.md, "State format"): a marker
/// byte and a format version, then the fields as varints, raw doubles, UTF-8 strings and times in Unix milliseconds. A
/// stored value may carry a fence header — <c>E</c> and the writer's ownership epoch as 12 ASCII digits — before it
/// (docs/context-store.md, "Fenced writes"); values written before fencing existed have none and count as epoch 0.
/// Values written before the binary format (JSON, fenced or not) are still read.
/// </summary>
public static class CustomerStateCodec
{
    /// <summary>Length of the fence header: <c>E</c> and 12 digits.</summary>
    public const int FenceHeaderLength = 13;

    private const byte FenceMark = (byte)'E';

    // One buffer per thread, reused: an encode allocates only its exact-size result.
    [ThreadStatic]
    private static byte[]? t_buffer;

    /// <summary>Encodes the state in the binary format, without a fence header.</summary>
    public static byte[] Encode(CustomerState state) => EncodeAfter([], state);

    /// <summary>Encodes the state after a fence header carrying <paramref name="epoch"/> (0 to 999,999,999,999).</summary>
    public static byte[] EncodeFenced(CustomerState state, long epoch) => EncodeFenced(state, epoch, json: false);

    /// <summary>
    /// Encodes the state after a fence header carrying <paramref name="epoch"/>, as the binary format or, with
    /// <paramref name="json"/>, as the JSON engines before the binary format wrote and can read (for a rolling upgrade
    /// from them: docs/context-store.md, "State format").
    /// </summary>
    public static byte[] EncodeFenced(CustomerState state, long epoch, bool json)
    {
        if (!json)
        {
            return EncodeFencedScratch(state, epoch).ToArray();
        }

        Span<byte> header = stackalloc byte[FenceHeaderLength];
        FenceHeader(epoch, header);
        return [.. header, .. EncodeJson(state)];
    }

    /// <summary>
    /// What <see cref="EncodeFenced(CustomerState, long)"/> returns, written into this thread's scratch buffer instead of
    /// a new array: valid only until the thread's next encode, for a caller that copies it at once.
    /// </summary>
    internal static ReadOnlySpan<byte> EncodeFencedScratch(CustomerState state, long epoch)
    {
        ArgumentNullException.ThrowIfNull(state);
        Span<byte> header = stackalloc byte[FenceHeaderLength];
        FenceHeader(epoch, header);
        var writer = new StateBinaryWriter(t_buffer ??= new byte[1024]);
        writer.WriteBytes(header);
        CustomerStateFormat.Write(ref writer, state);
        t_buffer = writer.Buffer.Length <= 64 * 1024 ? writer.Buffer : null;
        return writer.Written;
    }

    private static void FenceHeader(long epoch, Span<byte> header)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(epoch);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(epoch, 999_999_999_999);
        header[0] = FenceMark;
        Utf8Formatter.TryFormat(epoch, header[1..], out _, new System.Buffers.StandardFormat('D', 12));
    }

    /// <summary>
    /// The state as the JSON the store wrote before the binary format (camelCase, nulls omitted): a readable view for
    /// tools and tests that show or compare states. <see cref="Decode"/> reads it back; the store never writes it.
    /// </summary>
    public static byte[] EncodeJson(CustomerState state) => JsonSerializer.SerializeToUtf8Bytes(state, ContextJsonContext.Default.CustomerState);

    /// <summary>
    /// Decodes a value written by <see cref="Encode"/> or <see cref="EncodeFenced(CustomerState, long)"/>, or an older JSON value (with or
    /// without a fence header, and <see cref="EncodeJson"/>'s output); empty input gives <see cref="CustomerState.Empty"/>.
    /// </summary>
    /// <exception cref="CustomerStateFormatException">A binary value that is truncated or garbled, or in a newer format version than this build reads.</exception>
    /// <exception cref="JsonException">A value that is neither binary nor a JSON state (<see cref="CustomerStateFormatException"/> is one too).</exception>
    public static CustomerState Decode(ReadOnlySpan<byte> stored)
    {
        if (!stored.IsEmpty && stored[0] == FenceMark)
        {
            stored = stored.Length >= FenceHeaderLength ? stored[FenceHeaderLength..] : throw new CustomerStateFormatException("truncated fence header");
        }

        if (stored.IsEmpty)
        {
            return CustomerState.Empty;
        }

        if (stored[0] == CustomerStateFormat.Marker)
        {
            var reader = new StateBinaryReader(stored);
            return CustomerStateFormat.Read(ref reader);
        }

        return WithoutNulls(JsonSerializer.Deserialize(stored, ContextJsonContext.Default.CustomerState) ?? CustomerState.Empty);
    }

    /// <summary>The ownership epoch a stored value was written under (0 without a fence header).</summary>
    public static long EpochOf(ReadOnlySpan<byte> stored) =>
        stored.Length >= FenceHeaderLength && stored[0] == FenceMark && Utf8Parser.TryParse(stored[1..FenceHeaderLength], out long epoch, out var used) && used == FenceHeaderLength - 1 ? epoch : 0;

    // The source-generated reader sets every init property, a missing one to null: a JSON state written before a
    // collection existed (exposures, heart rates) would hold null where the state promises an empty collection.
    private static CustomerState WithoutNulls(CustomerState s) =>
        s.InsideVenues is null || s.LastVisits is null || s.Routines is null || s.Propensities is null || s.Exposures is null || s.HeartRates is null
            ? s with
            {
                InsideVenues = s.InsideVenues ?? new Dictionary<string, DateTimeOffset>(),
                LastVisits = s.LastVisits ?? new Dictionary<string, DateTimeOffset>(),
                Routines = s.Routines ?? new Dictionary<string, PurchaseRoutine>(),
                Propensities = s.Propensities ?? new Dictionary<string, CategoryPropensity>(),
                Exposures = s.Exposures ?? [],
                HeartRates = s.HeartRates ?? [],
            }
            : s;

    private static byte[] EncodeAfter(ReadOnlySpan<byte> header, CustomerState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var writer = new StateBinaryWriter(t_buffer ??= new byte[1024]);
        writer.WriteBytes(header);
        CustomerStateFormat.Write(ref writer, state);
        var bytes = writer.Written.ToArray();

        // A grown buffer is kept for the next state, unless one huge state would pin it to the thread.
        t_buffer = writer.Buffer.Length <= 64 * 1024 ? writer.Buffer : null;
        return bytes;
    }
}
