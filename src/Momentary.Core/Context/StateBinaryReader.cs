using System.Buffers.Binary;
using System.Text;

namespace Momentary.Core.Context;

/// <summary>
/// Reads the primitives <see cref="StateBinaryWriter"/> writes. Every read is bounds-checked: a truncated or garbled
/// value throws <see cref="CustomerStateFormatException"/>, never an index error or a silently different state.
/// </summary>
internal ref struct StateBinaryReader(ReadOnlySpan<byte> data)
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Whole milliseconds from the Unix epoch to DateTimeOffset's first and last instants.
    private static readonly long MinMilliseconds = Math.DivRem(DateTimeOffset.MinValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks, TimeSpan.TicksPerMillisecond).Quotient;
    private static readonly long MaxMilliseconds = (DateTimeOffset.MaxValue.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMillisecond;

    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly int Remaining => _data.Length - _position;

    public byte ReadByte() => _position < _data.Length ? _data[_position++] : throw Truncated();

    public ulong ReadVarint()
    {
        ulong value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            var b = ReadByte();
            value |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return shift == 63 && b > 1 ? throw new CustomerStateFormatException("a varint overflows 64 bits") : value;
            }
        }

        throw new CustomerStateFormatException("a varint is longer than 10 bytes");
    }

    /// <summary>A collection's element count: each element takes at least one byte, so a count past the remaining bytes is garbage.</summary>
    public int ReadCount()
    {
        var count = ReadVarint();
        return count <= (ulong)Remaining ? (int)count : throw new CustomerStateFormatException($"a count of {count} exceeds the {Remaining} bytes left");
    }

    public int ReadInt()
    {
        var v = ReadVarint();
        return v <= uint.MaxValue ? (int)((uint)v >> 1) ^ -(int)((uint)v & 1) : throw new CustomerStateFormatException("an int32 is out of range");
    }

    public double ReadDouble() => BinaryPrimitives.ReadDoubleLittleEndian(Take(8));

    public ulong ReadUInt64() => BinaryPrimitives.ReadUInt64LittleEndian(Take(8));

    public string? ReadString()
    {
        var n = ReadVarint();
        if (n == 0)
        {
            return null;
        }

        if (n - 1 > (ulong)Remaining)
        {
            throw Truncated();
        }

        var bytes = Take((int)(n - 1));
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new CustomerStateFormatException("a string is not valid UTF-8");
        }
    }

    public string ReadKey() => ReadString() ?? throw new CustomerStateFormatException("a map key is null");

    public DateTimeOffset ReadTime()
    {
        var head = ReadVarint();
        var zigzag = head >> 2;
        var ms = (long)(zigzag >> 1) ^ -(long)(zigzag & 1);
        var sub = (head & 2) != 0 ? ReadVarint() : 0;
        var offsetMinutes = (head & 1) != 0 ? ReadInt() : 0;
        if (ms < MinMilliseconds || ms > MaxMilliseconds || sub is 0 && (head & 2) != 0 || sub >= TimeSpan.TicksPerMillisecond || Math.Abs(offsetMinutes) > 14 * 60 || (head & 1) != 0 && offsetMinutes == 0)
        {
            throw new CustomerStateFormatException("a time is out of range");
        }

        var utcTicks = DateTimeOffset.UnixEpoch.UtcTicks + (ms * TimeSpan.TicksPerMillisecond) + (long)sub;
        var localTicks = utcTicks + (offsetMinutes * TimeSpan.TicksPerMinute);
        return utcTicks <= DateTimeOffset.MaxValue.UtcTicks && localTicks >= 0 && localTicks <= DateTime.MaxValue.Ticks
            ? new DateTimeOffset(localTicks, TimeSpan.FromMinutes(offsetMinutes))
            : throw new CustomerStateFormatException("a time is out of range");
    }

    public readonly void ExpectEnd()
    {
        if (Remaining != 0)
        {
            throw new CustomerStateFormatException($"{Remaining} bytes follow the state");
        }
    }

    private ReadOnlySpan<byte> Take(int count)
    {
        if (count > Remaining)
        {
            throw Truncated();
        }

        var span = _data.Slice(_position, count);
        _position += count;
        return span;
    }

    private readonly CustomerStateFormatException Truncated() => new($"the value ends early (at byte {_position} of {_data.Length})");
}
