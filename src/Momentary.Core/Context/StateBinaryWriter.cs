using System.Buffers.Binary;
using System.Text;

namespace Momentary.Core.Context;

/// <summary>
/// Appends the primitives of the binary state format (docs/context-store.md, "State format") to a growable buffer:
/// LEB128 varints, zigzag for signed values, raw little-endian doubles, UTF-8 strings with a varint length and times
/// as Unix milliseconds with optional sub-millisecond ticks and UTC offset.
/// </summary>
internal ref struct StateBinaryWriter(byte[] buffer)
{
    private byte[] _buffer = buffer;
    private int _length;

    /// <summary>The bytes written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    /// <summary>The buffer written into: the one given, or a larger copy once it overflowed.</summary>
    public readonly byte[] Buffer => _buffer;

    public void WriteBytes(scoped ReadOnlySpan<byte> bytes)
    {
        Ensure(bytes.Length);
        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void WriteByte(byte value)
    {
        Ensure(1);
        _buffer[_length++] = value;
    }

    public void WriteVarint(ulong value)
    {
        Ensure(10);
        var b = _buffer;
        var i = _length;
        while (value >= 0x80)
        {
            b[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        b[i++] = (byte)value;
        _length = i;
    }

    public void WriteCount(int count) => WriteVarint((uint)count);

    public void WriteInt(int value) => WriteVarint((uint)((value << 1) ^ (value >> 31)));

    public void WriteDouble(double value)
    {
        Ensure(8);
        BinaryPrimitives.WriteDoubleLittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    /// <summary>A 64-bit value as its 8 raw bytes, little-endian.</summary>
    public void WriteUInt64(ulong value)
    {
        Ensure(8);
        BinaryPrimitives.WriteUInt64LittleEndian(_buffer.AsSpan(_length), value);
        _length += 8;
    }

    /// <summary>A string as varint (UTF-8 length + 1), 0 for <c>null</c>, then its UTF-8 bytes.</summary>
    public void WriteString(string? value)
    {
        if (value is null)
        {
            WriteByte(0);
            return;
        }

        var count = Encoding.UTF8.GetByteCount(value);
        WriteVarint((ulong)count + 1);
        Ensure(count);
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
    }

    /// <summary>
    /// A time as varint(zigzag(Unix ms) &lt;&lt; 2 | sub-ms flag &lt;&lt; 1 | offset flag), then the sub-millisecond ticks
    /// (1 to 9,999) when flagged, then the UTC offset in minutes (zigzag) when flagged: lossless, like the JSON it replaces.
    /// </summary>
    public void WriteTime(DateTimeOffset value)
    {
        var ticks = value.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var ms = Math.DivRem(ticks, TimeSpan.TicksPerMillisecond, out var sub);
        if (sub < 0)
        {
            ms--;
            sub += TimeSpan.TicksPerMillisecond;
        }

        var offsetMinutes = (int)(value.Offset.Ticks / TimeSpan.TicksPerMinute);
        var zigzag = (ulong)((ms << 1) ^ (ms >> 63));
        WriteVarint((zigzag << 2) | (sub != 0 ? 2UL : 0) | (offsetMinutes != 0 ? 1UL : 0));
        if (sub != 0)
        {
            WriteVarint((ulong)sub);
        }

        if (offsetMinutes != 0)
        {
            WriteInt(offsetMinutes);
        }
    }

    private void Ensure(int count)
    {
        if (_buffer.Length - _length < count)
        {
            var grown = new byte[Math.Max(_buffer.Length * 2, _length + count)];
            Written.CopyTo(grown);
            _buffer = grown;
        }
    }
}
