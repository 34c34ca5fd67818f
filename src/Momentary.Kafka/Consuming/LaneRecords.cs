using System.Text;
using Momentary.Core.Messaging;

namespace Momentary.Kafka.Consuming;

/// <summary>
/// The records a lane holds, oldest first, stored compactly: each record is a value in a ring (offset, timestamp,
/// where its bytes are) and its key and value bytes sit back to back in 64 KiB chunks the lane reuses. A lane may hold
/// thousands of records during a backlog; kept as the client's objects (result, message, key string, value array,
/// headers, topic string) they were most of what every collection of the drain promoted (docs/performance.md, "GC: the
/// lanes"). Here a buffered record is no object at all, unless it carries headers. Guarded by the task's gate.
/// </summary>
internal sealed class LaneRecords
{
    // Chunks live as long as the lane and are reused, so they are allocated on the pinned object heap: never copied by
    // a gen0/gen1 collection (one in a young generation was promoted, 64 KiB at a time, during a lane's first deep fill).
    private const int ChunkSize = 64 * 1024;
    private const int MaxSpareChunks = 64; // 4 MiB per lane at most, kept for the next backlog

    private readonly Stack<byte[]> _spare = new();
    private Entry[] _ring = new Entry[64];
    private int _head;
    private byte[]? _tail; // the chunk records are appended to
    private int _tailUsed;

    public int Count { get; private set; }

    /// <summary>The oldest record's timestamp (Unix ms); the lane must not be empty.</summary>
    public long HeadTimestampMs => _ring[_head].TimestampMs;

    /// <summary>Appends a record, copying its key and value.</summary>
    public void Add(long offset, long timestampMs, ReadOnlySpan<byte> key, bool keyIsNull, ReadOnlySpan<byte> value, IReadOnlyList<RecordHeader> headers)
    {
        var size = key.Length + value.Length;
        byte[] chunk;
        int start;
        if (size > ChunkSize)
        {
            (chunk, start) = (new byte[size], 0); // a large record gets its own array, never reused
            _tail = null; // and the records after it a new chunk: each chunk's records stay together in the queue
        }
        else
        {
            if (_tail is null || _tailUsed + size > ChunkSize)
            {
                _tail = _spare.Count > 0 ? _spare.Pop() : GC.AllocateUninitializedArray<byte>(ChunkSize, pinned: true);
                _tailUsed = 0;
            }

            (chunk, start) = (_tail, _tailUsed);
            _tailUsed += size;
        }

        key.CopyTo(chunk.AsSpan(start));
        value.CopyTo(chunk.AsSpan(start + key.Length));
        if (Count == _ring.Length)
        {
            Grow();
        }

        _ring[(_head + Count) % _ring.Length] = new Entry(offset, timestampMs, chunk, start, keyIsNull ? -1 : key.Length, value.Length, headers);
        Count++;
    }

    /// <summary>Removes the oldest record and returns it as the engine's record (its key and value copied out).</summary>
    public InboundRecord Take(string topic, int partition, long epoch)
    {
        var e = _ring[_head];
        _ring[_head] = default;
        _head = (_head + 1) % _ring.Length;
        Count--;

        var key = e.KeyLength < 0 ? null : Encoding.UTF8.GetString(e.Chunk, e.Start, e.KeyLength); // invalid UTF-8 becomes U+FFFD
        var value = e.Chunk.AsSpan(e.Start + Math.Max(0, e.KeyLength), e.ValueLength).ToArray();
        Release(e.Chunk);
        return new InboundRecord(topic, partition, e.Offset, key, value, DateTimeOffset.FromUnixTimeMilliseconds(e.TimestampMs)) { Epoch = epoch, Headers = e.Headers };
    }

    /// <summary>Drops every record (a revocation); the chunks are kept for reuse.</summary>
    public void Clear()
    {
        while (Count > 0)
        {
            var chunk = _ring[_head].Chunk;
            _ring[_head] = default;
            _head = (_head + 1) % _ring.Length;
            Count--;
            Release(chunk);
        }
    }

    // Records leave in the order they came and each chunk's records are consecutive, so a chunk is done once the next
    // record lives elsewhere; the chunk being appended to is rewound instead once the lane is empty.
    private void Release(byte[] chunk)
    {
        if (Count > 0 && ReferenceEquals(_ring[_head].Chunk, chunk))
        {
            return;
        }

        if (ReferenceEquals(chunk, _tail))
        {
            if (Count == 0)
            {
                _tailUsed = 0;
            }
        }
        else if (chunk.Length == ChunkSize && _spare.Count < MaxSpareChunks)
        {
            _spare.Push(chunk);
        }
    }

    private void Grow()
    {
        var ring = new Entry[_ring.Length * 2];
        for (var i = 0; i < Count; i++)
        {
            ring[i] = _ring[(_head + i) % _ring.Length];
        }

        (_ring, _head) = (ring, 0);
    }

    private readonly record struct Entry(long Offset, long TimestampMs, byte[] Chunk, int Start, int KeyLength, int ValueLength, IReadOnlyList<RecordHeader> Headers);
}
