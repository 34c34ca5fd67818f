using Momentary.Core.Messaging;

namespace Momentary.Kafka.Consuming;

/// <summary>
/// The records a lane holds, oldest first, stored compactly: each record is a value in a ring (offset, timestamp,
/// where its bytes are) and its key and value bytes sit back to back in <see cref="LaneChunk"/>s from the consumer's
/// pool. A lane may hold thousands of records during a backlog; kept as the client's objects (result, message, key
/// string, value array, headers, topic string) they were most of what every collection of the drain promoted
/// (docs/performance.md, "GC: the lanes"). Here a buffered record is no object at all, unless it carries headers.
/// Guarded by the task's gate.
/// </summary>
internal sealed class LaneRecords(LanePool pool, bool lend)
{
    private const int FirstRing = 64;

    private LaneEntry[] _ring = []; // rented from the pool on the first record
    private int _head;
    private LaneChunk? _tail; // the chunk records are appended to
    private readonly KeyStrings _keys = new(); // a customer's records get one key string

    /// <summary>A lane with a pool of its own that copies values out (tests).</summary>
    public LaneRecords()
        : this(new LanePool(), lend: false)
    {
    }

    public int Count { get; private set; }

    /// <summary>The oldest record's timestamp (Unix ms); the lane must not be empty.</summary>
    public long HeadTimestampMs => _ring[_head].TimestampMs;

    /// <summary>Appends a record, copying its key and value.</summary>
    public void Add(long offset, long timestampMs, ReadOnlySpan<byte> key, bool keyIsNull, ReadOnlySpan<byte> value, IReadOnlyList<RecordHeader> headers)
    {
        var size = key.Length + value.Length;
        LaneChunk chunk;
        if (size > LaneChunk.Size)
        {
            chunk = new LaneChunk(new byte[size], pool: null); // a large record gets its own array, never reused
        }
        else
        {
            if (_tail is { } tail && tail.OnlyLaneHolds)
            {
                tail.Used = 0; // every record written to it is done: start again from its beginning
            }

            if (_tail is null || _tail.Used + size > LaneChunk.Size)
            {
                _tail?.Release(); // the lane moves on; the chunk returns once its records are done
                _tail = pool.Rent();
                _tail.Open();
            }

            chunk = _tail;
        }

        var start = chunk.Used;
        chunk.Used += size;
        chunk.AddRecord();
        key.CopyTo(chunk.Bytes.AsSpan(start));
        value.CopyTo(chunk.Bytes.AsSpan(start + key.Length));
        if (Count == _ring.Length)
        {
            Grow();
        }

        _ring[(_head + Count) % _ring.Length] = new LaneEntry(offset, timestampMs, chunk, start, keyIsNull ? -1 : key.Length, value.Length, headers);
        Count++;
    }

    /// <summary>
    /// Removes the oldest record and returns it as the engine's record: its key decoded, its value copied out, or,
    /// when the lane lends values, pointing into the chunk, which <paramref name="loan"/> then names; the caller
    /// releases it once the record's work is done.
    /// </summary>
    public InboundRecord Take(string topic, int partition, long epoch, out LaneChunk? loan)
    {
        var e = _ring[_head];
        _ring[_head] = default;
        _head = (_head + 1) % _ring.Length;
        Count--;

        var key = e.KeyLength < 0 ? null : _keys.Get(e.Chunk.Bytes.AsSpan(e.Start, e.KeyLength)); // invalid UTF-8 becomes U+FFFD
        var valueStart = e.Start + Math.Max(0, e.KeyLength);
        ReadOnlyMemory<byte> value;
        if (lend)
        {
            value = e.Chunk.Bytes.AsMemory(valueStart, e.ValueLength);
            loan = e.Chunk;
        }
        else
        {
            value = e.Chunk.Bytes.AsSpan(valueStart, e.ValueLength).ToArray();
            e.Chunk.Release();
            loan = null;
        }

        return new InboundRecord(topic, partition, e.Offset, key, value, DateTimeOffset.FromUnixTimeMilliseconds(e.TimestampMs)) { Epoch = epoch, Headers = e.Headers };
    }

    /// <summary>Drops every record and lets go of the chunk being appended to (a revocation): chunks return to the pool once records taken from them are done.</summary>
    public void Clear()
    {
        while (Count > 0)
        {
            var chunk = _ring[_head].Chunk;
            _ring[_head] = default;
            _head = (_head + 1) % _ring.Length;
            Count--;
            chunk.Release();
        }

        _tail?.Release();
        _tail = null;
        if (_ring.Length > 0)
        {
            pool.ReturnRing(_ring); // a lane of the next assignment takes it instead of growing one again
            (_ring, _head) = ([], 0);
        }
    }

    private void Grow()
    {
        var ring = pool.RentRing(Math.Max(FirstRing, _ring.Length * 2));
        for (var i = 0; i < Count; i++)
        {
            ring[i] = _ring[(_head + i) % _ring.Length];
        }

        if (_ring.Length > 0)
        {
            pool.ReturnRing(_ring);
        }

        (_ring, _head) = (ring, 0);
    }
}

/// <summary>A record in a lane's ring: its position, timestamp and where its key and value bytes are.</summary>
internal readonly record struct LaneEntry(long Offset, long TimestampMs, LaneChunk Chunk, int Start, int KeyLength, int ValueLength, IReadOnlyList<RecordHeader> Headers);
