namespace Momentary.Core.Context;

/// <summary>
/// The write-behind half of <see cref="CachingContextStore"/>: states saved but not yet flushed (the newest per
/// customer), and the ones a running flush is writing, in stripes by customer so that concurrent saves rarely wait
/// for one another. A flush writes everything buffered in one call to the store (group commit: callers that arrive
/// while a flush runs are served by the next one) and returns when every save made before it is durable; flushes
/// run one at a time, so two writes of one customer land in order.
/// <para>
/// Each state is encoded when it is saved (<see cref="StateWrite.Encoded"/>), into its stripe's arena: the state was
/// just built by the processor and is still in the CPU's cache, where at the flush, up to an interval later, encoding
/// it chased a cold object graph (a quarter of the write-behind's CPU under perf). A stripe's buffered states and
/// their arena form a <see cref="Generation"/>, reused after a flush that succeeded (no dictionary regrown, no array
/// per state); one whose flush failed is dropped, never reused, since a write of it may still sit in the store
/// client's queue.
/// </para>
/// </summary>
internal sealed class WriteBehindBuffer
{
    private const int StripeCount = 32;

    private readonly Stripe[] _stripes = [.. Enumerable.Range(0, StripeCount).Select(_ => new Stripe())];
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private long _savedSeq; // bumped by every buffered save, inside its stripe's lock
    private long _durableSeq; // every save up to this one is durable
    private long _flushes;
    private List<StateWrite> _batch = []; // reused by every flush (they run one at a time): no large array per flush

    /// <summary>Flushes that wrote at least one state.</summary>
    public long Flushes => Interlocked.Read(ref _flushes);

    /// <summary>Buffers <paramref name="state"/> as the customer's newest; false (nothing buffered) when one under a newer epoch waits already.</summary>
    public bool TryBuffer(string customerId, CachedState state)
    {
        var stripe = StripeOf(customerId);
        var encoded = CustomerStateCodec.EncodeFencedScratch(state.State, state.Epoch);
        lock (stripe.Gate)
        {
            if (stripe.Dirty.States.TryGetValue(customerId, out var pending) && pending.State.Epoch > state.Epoch)
            {
                return false;
            }

            stripe.Dirty.States[customerId] = new Buffered(state, stripe.Dirty.Append(encoded), encoded.Length);
            Interlocked.Increment(ref _savedSeq);
        }

        return true;
    }

    /// <summary>The customer's newest state still waiting to be flushed, or being flushed.</summary>
    public CachedState? Pending(string customerId)
    {
        var stripe = StripeOf(customerId);
        lock (stripe.Gate)
        {
            return stripe.Dirty.States.TryGetValue(customerId, out var pending) || (stripe.Writing?.States.TryGetValue(customerId, out pending) ?? false) ? pending.State : null;
        }
    }

    /// <summary>Forgets the customer's buffered state (an erasure); a flush already writing it is refused by the store.</summary>
    public void Drop(string customerId)
    {
        var stripe = StripeOf(customerId);
        lock (stripe.Gate)
        {
            stripe.Dirty.States.Remove(customerId);
        }
    }

    /// <summary>
    /// Writes every buffered state through <paramref name="store"/> and returns the writes the store refused (an
    /// empty list, the usual case, when it refused none). A failed write puts its states back (unless a newer one was
    /// saved meanwhile) and rethrows.
    /// </summary>
    public async ValueTask<IReadOnlyList<(string CustomerId, StateWriteOutcome Outcome)>> FlushAsync(ICustomerContextStore store, CancellationToken cancellationToken)
    {
        var target = Interlocked.Read(ref _savedSeq);
        if (Interlocked.Read(ref _durableSeq) >= target)
        {
            return [];
        }

        await _flushing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Interlocked.Read(ref _durableSeq) >= target)
            {
                return []; // a flush that ran while this one waited covered it
            }

            // Every save counted up to here has put its state in its stripe before counting (both inside the
            // stripe's lock), so the stripes taken below hold all of them.
            var upTo = Interlocked.Read(ref _savedSeq);
            var taken = Take();
            IReadOnlyList<StateWriteOutcome> outcomes;
            try
            {
                outcomes = await store.SaveStatesAsync(_batch, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                PutBack(taken);
                Release(taken, reuse: false);
                throw;
            }

            Release(taken, reuse: true);
            var refused = Refused(_batch, outcomes);

            Interlocked.Exchange(ref _durableSeq, upTo);
            Interlocked.Increment(ref _flushes);
            return refused;
        }
        finally
        {
            ClearBatch();
            _flushing.Release();
        }
    }

    private static List<(string CustomerId, StateWriteOutcome Outcome)> Refused(List<StateWrite> batch, IReadOnlyList<StateWriteOutcome> outcomes)
    {
        List<(string, StateWriteOutcome)>? refused = null;
        for (var i = 0; i < outcomes.Count; i++)
        {
            if (outcomes[i] != StateWriteOutcome.Written)
            {
                (refused ??= []).Add((batch[i].CustomerId, outcomes[i]));
            }
        }

        return refused ?? [];
    }

    // The batch's entries point into arenas the next flush reuses, so it is cleared as soon as the store has
    // answered (or failed). One that grew past 65,536 writes (2.5 MB) is not kept.
    private void ClearBatch()
    {
        _batch.Clear();
        if (_batch.Capacity > 65_536)
        {
            _batch = [];
        }
    }

    // Fills the batch with every stripe's buffered states and returns the stripes taken.
    private List<Stripe> Take()
    {
        var batch = _batch;
        var taken = new List<Stripe>();
        foreach (var stripe in _stripes)
        {
            lock (stripe.Gate)
            {
                if (stripe.Dirty.States.Count == 0)
                {
                    continue;
                }

                var writing = stripe.Writing = stripe.Dirty;
                stripe.Dirty = stripe.Spare ?? new Generation();
                stripe.Spare = null;
                foreach (var (customerId, pending) in writing.States)
                {
                    batch.Add(new StateWrite(customerId, pending.State.State, pending.State.Epoch) { Encoded = writing.Slice(pending.Offset, pending.Length) });
                }

                taken.Add(stripe);
            }
        }

        return taken;
    }

    private static void PutBack(List<Stripe> taken)
    {
        foreach (var stripe in taken)
        {
            lock (stripe.Gate)
            {
                foreach (var (customerId, pending) in stripe.Writing!.States)
                {
                    if (!stripe.Dirty.States.ContainsKey(customerId)) // unless a newer one was saved meanwhile
                    {
                        var bytes = stripe.Writing.Slice(pending.Offset, pending.Length).Span;
                        stripe.Dirty.States[customerId] = pending with { Offset = stripe.Dirty.Append(bytes) };
                    }
                }
            }
        }
    }

    // After a flush that succeeded every write of the stripe's generation has been answered, so it is reused; after
    // one that failed it is left to the collector.
    private static void Release(List<Stripe> taken, bool reuse)
    {
        foreach (var stripe in taken)
        {
            lock (stripe.Gate)
            {
                if (reuse && stripe.Writing!.TryReset())
                {
                    stripe.Spare = stripe.Writing;
                }

                stripe.Writing = null;
            }
        }
    }

    private Stripe StripeOf(string customerId) => _stripes[(uint)StringComparer.Ordinal.GetHashCode(customerId) % (uint)_stripes.Length];

    // One stripe; its fields are guarded by its gate: the states being buffered, the ones a flush is writing, and a
    // reset generation waiting to buffer next.
    private sealed class Stripe
    {
        public Lock Gate { get; } = new();

        public Generation Dirty { get; set; } = new();

        public Generation? Writing { get; set; }

        public Generation? Spare { get; set; }
    }

    // A buffered state and where its encoded bytes are in its generation's arena.
    private readonly record struct Buffered(CachedState State, int Offset, int Length);

    // One flush's worth of a stripe: the newest state per customer, and their encodings back to back in one array,
    // grown by doubling (offsets stay valid); slices of it are handed out only once nothing more is appended.
    private sealed class Generation
    {
        private const int MaxKeptBytes = 256 * 1024; // two generations per stripe, 32 stripes: at most 16 MB kept
        private const int MaxKeptStates = 16_384;
        private byte[] _bytes = new byte[4096];
        private int _used;

        public Dictionary<string, Buffered> States { get; } = new(StringComparer.Ordinal);

        public int Append(ReadOnlySpan<byte> value)
        {
            if (_bytes.Length - _used < value.Length)
            {
                Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + value.Length));
            }

            var offset = _used;
            value.CopyTo(_bytes.AsSpan(offset));
            _used += value.Length;
            return offset;
        }

        public ReadOnlyMemory<byte> Slice(int offset, int length) => new(_bytes, offset, length);

        // Empties the generation for reuse; false when it grew too large to keep (a burst should not pin its memory).
        public bool TryReset()
        {
            var keep = _bytes.Length <= MaxKeptBytes && States.Count <= MaxKeptStates;
            States.Clear();
            _used = 0;
            return keep;
        }
    }
}
