using System.Collections.Concurrent;

namespace Momentary.Core.Context;

/// <summary>
/// Keeps customers' engine state and profiles in process, in front of the shared store, the way Kafka Streams
/// keeps state next to its partitions (docs/context-store.md, "State next to its partition").
/// <list type="bullet">
/// <item><b>State</b> has one writer: the owner of the customer's partition. While the partition stays assigned the
/// cached state is therefore the truth; it is read from the store once. Writes are <i>behind</i>: a save updates
/// the cache and is buffered; <see cref="FlushAsync"/> writes everything buffered in one pipelined burst (group
/// commit: callers that arrive while a flush runs are served by the next one) and returns when it is durable. The
/// graph flushes after each batch and before its offsets can be committed, so a committed offset never runs ahead
/// of the stored state, and a customer's many signals in one batch cost one write.
/// The owner calls <see cref="Clear"/> whenever partitions are assigned or revoked, so a customer whose
/// partition moved away and back is read afresh (buffered writes are kept and still flushed).</item>
/// <item><b>Profiles</b> are written by others (imports, erasure), so a cached profile lives at most
/// <see cref="CachingContextStoreOptions.ProfileTtl"/> and is dropped as soon as the store announces a change
/// (<see cref="Apply"/>).</item>
/// </list>
/// Friends' visits are always read from the store: friends' check-ins are written by other partitions.
/// Everything else passes through. Bounded: past <see cref="CachingContextStoreOptions.MaxCustomers"/> entries
/// about half are dropped.
/// </summary>
public sealed class CachingContextStore : DelegatingContextStore
{
    private readonly CachingContextStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly long _profileTtlTicks;
    private long _generation;
    private int _count;
    private long _stateHits;
    private long _stateMisses;

    // Write-behind: states saved but not yet flushed (newest per customer), and the ones a running flush is writing,
    // in stripes by customer so that concurrent saves rarely wait for one another.
    private readonly Stripe[] _stripes = CreateStripes();
    private readonly SemaphoreSlim _flushing = new(1, 1);
    private long _savedSeq; // bumped by every buffered save, inside its stripe's lock
    private long _durableSeq; // every save up to this one is durable
    private long _flushes;

    /// <param name="inner">The shared store (normally the retrying Redis store).</param>
    /// <param name="options">Bounds; <c>null</c> for the defaults.</param>
    /// <param name="time">Clock for profile expiry.</param>
    public CachingContextStore(ICustomerContextStore inner, CachingContextStoreOptions? options = null, TimeProvider? time = null)
        : base(inner)
    {
        _options = options ?? new CachingContextStoreOptions();
        _time = time ?? TimeProvider.System;
        _profileTtlTicks = (long)(_options.ProfileTtl.TotalSeconds * _time.TimestampFrequency);
    }

    /// <summary>Loads whose state came from the cache.</summary>
    public long StateHits => Interlocked.Read(ref _stateHits);

    /// <summary>Loads whose state had to be read from the store.</summary>
    public long StateMisses => Interlocked.Read(ref _stateMisses);

    /// <summary>Customers currently cached (approximate under concurrency).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Flushes that wrote at least one state.</summary>
    public long Flushes => Interlocked.Read(ref _flushes);

    /// <summary>
    /// Applies an announced change: a changed profile is read again on the customer's next signal; an erased
    /// customer is forgotten entirely, buffered state included; an unknown change drops every cached customer.
    /// </summary>
    public void Apply(ContextChange change, string? customerId)
    {
        if (change == ContextChange.Unknown || customerId is null)
        {
            Clear();
            return;
        }

        Interlocked.Increment(ref _generation);
        if (change == ContextChange.Erasure)
        {
            var stripe = StripeOf(customerId);
            lock (stripe.Gate)
            {
                stripe.Dirty.Remove(customerId);
            }

            if (_entries.TryRemove(customerId, out _))
            {
                Interlocked.Decrement(ref _count);
            }

            return;
        }

        // A changed profile: read it again on the next signal, but keep the state, which is ours and still right.
        if (_entries.TryGetValue(customerId, out var entry))
        {
            entry.InvalidateProfile();
        }
    }

    /// <summary>Drops every cached customer (partitions were assigned or revoked); buffered writes are kept and still flushed.</summary>
    public void Clear()
    {
        Interlocked.Increment(ref _generation);
        _entries.Clear();
        Volatile.Write(ref _count, 0);
    }

    /// <inheritdoc />
    public override async ValueTask<CustomerContext> LoadAsync(ContextQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var wanted = query.Parts;
        var now = _time.GetTimestamp();
        _entries.TryGetValue(query.CustomerId, out var cached);
        var known = cached?.State;
        if (cached is null && Buffered(query.CustomerId) is { } buffered)
        {
            // Dropped from the cache (partition change, bound) while its newest state still waits to be flushed.
            known = buffered;
        }

        var slot = cached?.Profile;
        var ask = wanted;
        if (known is not null)
        {
            ask &= ~ContextParts.State;
        }

        if (slot is not null && slot.Expires > now)
        {
            ask &= ~ContextParts.Profile;
        }

        if (query.VenueIds.Count == 0)
        {
            ask &= ~ContextParts.FriendVisits;
        }

        if (wanted.HasFlag(ContextParts.State))
        {
            Interlocked.Increment(ref ask.HasFlag(ContextParts.State) ? ref _stateMisses : ref _stateHits);
        }

        if (ask == ContextParts.None)
        {
            return new CustomerContext(wanted.HasFlag(ContextParts.Profile) ? slot!.Profile : null, known ?? CustomerState.Empty, CustomerContext.NoFriendVisits);
        }

        // A load that raced an invalidation or a partition change must not put what it read into the cache.
        var generation = Interlocked.Read(ref _generation);
        var loaded = await Inner.LoadAsync(ask == wanted ? query : query with { Parts = ask }, cancellationToken).ConfigureAwait(false);
        var profile = ask.HasFlag(ContextParts.Profile) || !wanted.HasFlag(ContextParts.Profile) ? loaded.Profile : slot!.Profile;
        var state = ask.HasFlag(ContextParts.State) || !wanted.HasFlag(ContextParts.State) ? loaded.State : known!;
        if ((ask & (ContextParts.Profile | ContextParts.State)) != 0 && Interlocked.Read(ref _generation) == generation)
        {
            var freshSlot = ask.HasFlag(ContextParts.Profile) ? new ProfileSlot(profile, now + _profileTtlTicks) : null;
            if (cached is null)
            {
                Add(query.CustomerId, new Entry(wanted.HasFlag(ContextParts.State) ? state : null, freshSlot));
            }
            else
            {
                if (ask.HasFlag(ContextParts.State))
                {
                    cached.SetStateIfNone(state);
                }

                if (freshSlot is not null)
                {
                    cached.TrySetProfile(slot, freshSlot); // fails if an announcement invalidated it meanwhile
                }
            }
        }

        return new CustomerContext(profile, state, loaded.FriendVisits);
    }

    /// <summary>Buffers the write (durable after the next <see cref="FlushAsync"/>) and updates the cached state.</summary>
    public override ValueTask SaveStateAsync(string customerId, CustomerState state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        ArgumentNullException.ThrowIfNull(state);
        var stripe = StripeOf(customerId);
        lock (stripe.Gate)
        {
            stripe.Dirty[customerId] = state;
            Interlocked.Increment(ref _savedSeq);
        }

        // The entry's state is swapped in place: no dictionary write (and no bucket lock) per save.
        if (_entries.TryGetValue(customerId, out var entry))
        {
            entry.State = state;
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Buffers each write, as <see cref="SaveStateAsync"/> does.</summary>
    public override async ValueTask SaveStatesAsync(IReadOnlyCollection<KeyValuePair<string, CustomerState>> states, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(states);
        foreach (var (customerId, state) in states)
        {
            await SaveStateAsync(customerId, state, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Writes every buffered state to the store, pipelined, and returns when all saves made before the call are
    /// durable. Flushes run one at a time, so two writes of one customer land in order; a failed flush puts its
    /// states back (unless a newer one was saved meanwhile) and rethrows.
    /// </summary>
    public override async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        var target = Interlocked.Read(ref _savedSeq);
        if (Interlocked.Read(ref _durableSeq) >= target)
        {
            return;
        }

        await _flushing.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Interlocked.Read(ref _durableSeq) >= target)
            {
                return; // a flush that ran while this one waited covered it
            }

            // Every save counted up to here has put its state in its stripe before counting (both inside the
            // stripe's lock), so the stripes taken below hold all of them.
            var upTo = Interlocked.Read(ref _savedSeq);
            var batch = new List<KeyValuePair<string, CustomerState>>();
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
                    stripe.Dirty = new Dictionary<string, CustomerState>(StringComparer.Ordinal);
                    batch.AddRange(stripe.Writing);
                    taken.Add(stripe);
                }
            }

            try
            {
                await Inner.SaveStatesAsync(batch, cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                foreach (var stripe in taken)
                {
                    lock (stripe.Gate)
                    {
                        foreach (var (customerId, state) in stripe.Writing!)
                        {
                            stripe.Dirty.TryAdd(customerId, state); // unless a newer one was saved meanwhile
                        }
                    }
                }

                throw;
            }
            finally
            {
                foreach (var stripe in taken)
                {
                    lock (stripe.Gate)
                    {
                        stripe.Writing = null;
                    }
                }
            }

            Interlocked.Exchange(ref _durableSeq, upTo);
            Interlocked.Increment(ref _flushes);
        }
        finally
        {
            _flushing.Release();
        }
    }

    private CustomerState? Buffered(string customerId)
    {
        var stripe = StripeOf(customerId);
        lock (stripe.Gate)
        {
            return stripe.Dirty.TryGetValue(customerId, out var state) || (stripe.Writing?.TryGetValue(customerId, out state) ?? false) ? state : null;
        }
    }

    private Stripe StripeOf(string customerId) => _stripes[(uint)StringComparer.Ordinal.GetHashCode(customerId) % (uint)_stripes.Length];

    private static Stripe[] CreateStripes() => [.. Enumerable.Range(0, 32).Select(_ => new Stripe())];

    // One stripe of the write-behind buffer; its fields are guarded by its gate.
    private sealed class Stripe
    {
        public Lock Gate { get; } = new();

        public Dictionary<string, CustomerState> Dirty { get; set; } = new(StringComparer.Ordinal);

        public Dictionary<string, CustomerState>? Writing { get; set; }
    }

    /// <inheritdoc />
    public override async ValueTask UpsertProfileAsync(CustomerProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        await Inner.UpsertProfileAsync(profile, cancellationToken).ConfigureAwait(false);
        Apply(ContextChange.Profile, profile.CustomerId);
    }

    /// <inheritdoc />
    public override async ValueTask<long> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default)
    {
        Apply(ContextChange.Erasure, customerId);
        var removed = await Inner.EraseCustomerAsync(customerId, cancellationToken).ConfigureAwait(false);
        Apply(ContextChange.Erasure, customerId);
        return removed;
    }

    private void Add(string customerId, Entry fresh)
    {
        if (!_entries.TryAdd(customerId, fresh))
        {
            return;
        }

        if (Interlocked.Increment(ref _count) > _options.MaxCustomers)
        {
            Shrink();
        }
    }

    // Drops every other entry: cheap, needs no recency bookkeeping on the hot path, and a dropped customer costs
    // one store read on their next signal.
    private void Shrink()
    {
        var drop = false;
        foreach (var key in _entries.Keys)
        {
            if ((drop = !drop) && _entries.TryRemove(key, out _))
            {
                Interlocked.Decrement(ref _count);
            }
        }
    }

    // A cached customer. State and profile are each one reference, swapped whole, so a reader never sees a
    // half-updated entry. Only the partition owner writes the state; announcements invalidate the profile, and a
    // load puts a profile in only if no invalidation came between its read and its write.
    private sealed class Entry(CustomerState? state, ProfileSlot? profile)
    {
        private CustomerState? _state = state;
        private ProfileSlot? _profile = profile;

        public CustomerState? State
        {
            get => Volatile.Read(ref _state);
            set => Volatile.Write(ref _state, value);
        }

        public ProfileSlot? Profile => Volatile.Read(ref _profile);

        public void SetStateIfNone(CustomerState value) => Interlocked.CompareExchange(ref _state, value, null);

        public void TrySetProfile(ProfileSlot? seen, ProfileSlot fresh) => Interlocked.CompareExchange(ref _profile, fresh, seen);

        // A new (expired) slot each time, so a load that saw the previous slot cannot put its older read back.
        public void InvalidateProfile() => Volatile.Write(ref _profile, new ProfileSlot(null, 0));
    }

    // A cached profile (null: the customer has none) and when it expires, in timestamp ticks.
    private sealed record ProfileSlot(CustomerProfile? Profile, long Expires);
}
