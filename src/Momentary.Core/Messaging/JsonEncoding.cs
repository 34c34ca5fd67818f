using System.Buffers;
using System.Text.Json;

namespace Momentary.Core.Messaging;

/// <summary>
/// Encodes JSON into a per-thread reusable buffer and returns an exact-size copy: one allocation of the result per
/// record on the hot path, instead of a growing buffer per record.
/// </summary>
internal static class JsonEncoding
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? t_buffer;

    public static byte[] Encode<T>(T value, Action<Utf8JsonWriter, T> write, JsonWriterOptions options = default) => Encode(value, write, default, options);

    /// <summary>Encodes <paramref name="value"/> after <paramref name="header"/> bytes (a stored value's fence header).</summary>
    public static byte[] Encode<T>(T value, Action<Utf8JsonWriter, T> write, ReadOnlySpan<byte> header, JsonWriterOptions options = default)
    {
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(1024);
        buffer.ResetWrittenCount();
        buffer.Write(header);
        using (var w = new Utf8JsonWriter(buffer, options))
        {
            write(w, value);
        }

        var bytes = buffer.WrittenSpan.ToArray();
        if (buffer.Capacity > 64 * 1024)
        {
            t_buffer = null; // one huge record must not pin its buffer to the thread
        }

        return bytes;
    }
}
