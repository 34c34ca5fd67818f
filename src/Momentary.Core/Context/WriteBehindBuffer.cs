namespace Momentary.Core.Context;

/// <summary>
/// The write-behind half of <see cref="CachingContextStore"/>: states saved but not yet flushed (the newest per
/// customer), and the ones a running flush is writing, in stripes by customer so that concurrent saves rarely wait
/// for one another. A flush writes everything buffered in one call to the store (group commit: callers that arrive
/// while a flush runs are served by the next one) and returns when every save made before it is durable; flushes
/// run one at a time, so two writes of one customer land in order.
/// </summary>
internal sealed class WriteBehindBuffer
{
    private const int StripeCount = 32;

    private readonly Stripe[] _stripes = [.. Enumerable.Range(0, StripeCount).Select(_ => new Stripe())];
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private long _savedSeq; // bumped by every buffered save, inside its stripe's lock
    private long _durableSeq; // every save up to this one is durable
    private long _flushes;

    /// <summary>Flushes that wrote at least one state.</summary>
    public long Flushes => Interlocked.Read(ref _flushes);

    /// <summary>Buffers <paramref name="state"/> as the customer's newest; false (nothing buffered) when one under a newer epoch waits already.</summary>
    public bool TryBuffer(string customerId, CachedState state)
    {
        var stripe = StripeOf(customerId);
        lock (stripe.Gate)
        {
            if (stripe.Dirty.TryGetValue(customerId, out var pending) && pending.Epoch > state.Epoch)
            {
                return false;
            }

            stripe.Dirty[customerId] = state;
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
            return stripe.Dirty.TryGetValue(customerId, out var pending) || (stripe.Writing?.TryGetValue(customerId, out pending) ?? false) ? pending : null;
        }
    }

    /// <summary>Forgets the customer's buffered state (an erasure); a flush already writing it is refused by the store.</summary>
    public void Drop(string customerId)
    {
        var stripe = StripeOf(customerId);
        lock (stripe.Gate)
        {
            stripe.Dirty.Remove(customerId);
        }
    }

    /// <summary>
    /// Writes every buffered state through <paramref name="store"/> and returns what was written with its outcomes,
    /// or <c>null</c> when every save before the call was already durable. A failed write puts its states back (unless
    /// a newer one was saved meanwhile) and rethrows.
    /// </summary>
    public async ValueTask<(IReadOnlyList<StateWrite> Written, IReadOnlyList<StateWriteOutcome> Outcomes)?> FlushAsync(ICustomerContextStore store, CancellationToken cancellationToken)
    {
        var target = Interlocked.Read(ref _savedSeq);
        if (Interlocked.Read(ref _durableSeq) >= target)
        {
            return null;
        }

        await _flushing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Interlocked.Read(ref _durableSeq) >= target)
            {
                return null; // a flush that ran while this one waited covered it
            }

            // Every save counted up to here has put its state in its stripe before counting (both inside the
            // stripe's lock), so the stripes taken below hold all of them.
            var upTo = Interlocked.Read(ref _savedSeq);
            var (batch, taken) = Take();
            IReadOnlyList<StateWriteOutcome> outcomes;
            try
            {
                outcomes = await store.SaveStatesAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                PutBack(taken);
                throw;
            }
            finally
            {
                Release(taken);
            }

            Interlocked.Exchange(ref _durableSeq, upTo);
            Interlocked.Increment(ref _flushes);
            return (batch, outcomes);
        }
        finally
        {
            _flushing.Release();
        }
    }

    private (List<StateWrite> Batch, List<Stripe> Taken) Take()
    {
        var batch = new List<StateWrite>();
        var taken = new List<Stripe>();
        foreach (var stripe in _stripes)
        {
            lock (stripe.Gate)
            {
                if (stripe.Dirty.Count == 0)
                {
                    continue;
                }

                stripe.Writing = stripe.Dirty;
                stripe.Dirty = new Dictionary<string, CachedState>(StringComparer.Ordinal);
                foreach (var (customerId, pending) in stripe.Writing)
                {
                    batch.Add(new StateWrite(customerId, pending.State, pending.Epoch));
                }

                taken.Add(stripe);
            }
        }

        return (batch, taken);
    }

    private static void PutBack(List<Stripe> taken)
    {
        foreach (var stripe in taken)
        {
            lock (stripe.Gate)
            {
                foreach (var (customerId, pending) in stripe.Writing!)
                {
                    stripe.Dirty.TryAdd(customerId, pending); // unless a newer one was saved meanwhile
                }
            }
        }
    }

    private static void Release(List<Stripe> taken)
    {
        foreach (var stripe in taken)
        {
            lock (stripe.Gate)
            {
                stripe.Writing = null;
            }
        }
    }

    private Stripe StripeOf(string customerId) => _stripes[(uint)StringComparer.Ordinal.GetHashCode(customerId) % (uint)_stripes.Length];

    // One stripe; its fields are guarded by its gate.
    private sealed class Stripe
    {
        public Lock Gate { get; } = new();

        public Dictionary<string, CachedState> Dirty { get; set; } = new(StringComparer.Ordinal);

        public Dictionary<string, CachedState>? Writing { get; set; }
    }
}
