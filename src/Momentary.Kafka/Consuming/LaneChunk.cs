namespace Momentary.Kafka.Consuming;

/// <summary>
/// A 64 KiB block of record bytes: a lane appends its records' keys and values to it, and, when the consumer lends
/// record values (<see cref="KafkaConsumerSettings.LendRecordValues"/>), the records taken from the lane point into
/// it until their values are released (their batch processed, or at the latest committed). It counts its
/// references — each record added and not yet done, plus one while the lane appends to it — and goes back to the
/// consumer's <see cref="LanePool"/> when the last one is released, so no byte in it is overwritten while anything
/// may still read it.
/// </summary>
internal sealed class LaneChunk
{
    /// <summary>The size of a pooled chunk; a larger record gets a chunk of its own, never reused.</summary>
    public const int Size = 64 * 1024;

    private readonly LanePool? _pool;
    private int _references;

    public LaneChunk(byte[] bytes, LanePool? pool)
    {
        Bytes = bytes;
        _pool = pool;
    }

    public byte[] Bytes { get; }

    /// <summary>Bytes appended so far (the lane's poll thread only).</summary>
    public int Used { get; set; }

    /// <summary>Whether nothing but the lane refers to the chunk: every record written to it is done, so it may be rewound.</summary>
    public bool OnlyLaneHolds => Volatile.Read(ref _references) == 1;

    /// <summary>A lane starts appending to the chunk (from empty).</summary>
    public void Open()
    {
        Used = 0;
        _references = 1;
    }

    /// <summary>A record was written to the chunk.</summary>
    public void AddRecord() => Interlocked.Increment(ref _references);

    /// <summary>Drops <paramref name="count"/> references (records done, or the lane moving on); the last one returns the chunk.</summary>
    public void Release(int count = 1)
    {
        var left = Interlocked.Add(ref _references, -count);
        if (left == 0)
        {
            _pool?.Return(this);
        }
        else if (left < 0)
        {
            throw new InvalidOperationException("a lane chunk was released more often than it was referenced");
        }
    }
}

/// <summary>
/// The consumer's spare <see cref="LaneChunk"/>s, shared by every lane of every task, so neither a new backlog nor a
/// rebalance (which makes new lanes) allocates chunks again. Chunks live as long as the consumer and are reused, so
/// they are allocated on the pinned object heap: never copied by a gen0/gen1 collection.
/// </summary>
internal sealed class LanePool(int maxChunks = 512, long maxRingBytes = 16 << 20)
{
    private static long s_allocatedBytes;
    private readonly Lock _gate = new();
    private readonly Stack<LaneChunk> _spare = new();
    private readonly List<LaneEntry[]> _rings = [];
    private long _ringBytes; // of the spare rings

    /// <summary>
    /// Bytes every consumer of the process has allocated for its lanes (chunks and rings): a bounded cost paid on a
    /// consumer's first deep backlog, reused afterwards (the load harness reports it apart from the per-signal cost).
    /// </summary>
    public static long AllocatedBytes => Interlocked.Read(ref s_allocatedBytes);

    /// <summary>Chunks allocated so far (for tests and diagnostics).</summary>
    public int Allocated { get; private set; }

    /// <summary>A ring of at least <paramref name="length"/> entries: a spare one when there is one that long, else a new one.</summary>
    public LaneEntry[] RentRing(int length)
    {
        lock (_gate)
        {
            var best = -1;
            for (var i = 0; i < _rings.Count; i++)
            {
                if (_rings[i].Length >= length && (best < 0 || _rings[i].Length < _rings[best].Length))
                {
                    best = i;
                }
            }

            if (best >= 0)
            {
                var ring = _rings[best];
                _rings.RemoveAt(best);
                _ringBytes -= RingBytes(ring.Length);
                return ring;
            }
        }

        Interlocked.Add(ref s_allocatedBytes, RingBytes(length));
        return new LaneEntry[length];
    }

    /// <summary>Keeps a ring a lane no longer uses (cleared) for the next lane that needs one.</summary>
    public void ReturnRing(LaneEntry[] ring)
    {
        Array.Clear(ring);
        lock (_gate)
        {
            if (_ringBytes + RingBytes(ring.Length) <= maxRingBytes)
            {
                _rings.Add(ring);
                _ringBytes += RingBytes(ring.Length);
            }
        }
    }

    private static long RingBytes(int length) => (long)length * System.Runtime.CompilerServices.Unsafe.SizeOf<LaneEntry>();

    public LaneChunk Rent()
    {
        lock (_gate)
        {
            if (_spare.TryPop(out var chunk))
            {
                return chunk;
            }

            Allocated++;
        }

        Interlocked.Add(ref s_allocatedBytes, LaneChunk.Size);
        return new LaneChunk(GC.AllocateUninitializedArray<byte>(LaneChunk.Size, pinned: true), this);
    }

    public void Return(LaneChunk chunk)
    {
        lock (_gate)
        {
            if (_spare.Count < maxChunks)
            {
                _spare.Push(chunk);
            }
        }
    }
}
