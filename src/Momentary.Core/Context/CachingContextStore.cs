using System.Collections.Concurrent;

namespace Momentary.Core.Context;

/// <summary>
/// Keeps customers' engine state and profiles in process, in front of the shared store, the way Kafka Streams
/// keeps state next to its partitions (docs/context-store.md, "State next to its partition").
/// <list type="bullet">
/// <item><b>State</b> has one writer: the task that owns the customer's partitions, under its ownership epoch. While
/// the task stays assigned the cached state is therefore the truth; it is read from the store once, and trusted
/// only by loads under the epoch it was cached under (<see cref="ContextQuery.Epoch"/>), so state cached before an
/// ownership change is never used after it. Writes are <i>behind</i>: a save updates the cache and is buffered;
/// <see cref="FlushAsync"/> writes everything buffered in one pipelined burst (group commit: callers that arrive
/// while a flush runs are served by the next one), each write fenced by its epoch, and returns when it is durable.
/// The graph flushes after each batch and before its offsets can be committed, so a committed offset never runs
/// ahead of the stored state (held positions, below, excepted), and a customer's many signals in one batch cost one
/// write. A write the store refuses (fenced off by a newer owner, or the customer has no profile) drops the customer
/// from the cache and is reported
/// through <see cref="WritesRefused"/>, never retried. A save that moved only the position of a customer outside every
/// fence is held in the cache, not buffered, for up to <see cref="CachingContextStoreSettings.PositionWriteInterval"/>
/// (<see cref="ReleaseHeld"/> buffers those when tasks move). The owner calls <see cref="Clear"/> when tasks are
/// revoked, to free memory (buffered writes are kept and still flushed).</item>
/// <item><b>Profiles</b> are written by others (imports, erasure), so a cached profile lives at most
/// <see cref="CachingContextStoreSettings.ProfileTtl"/> and is dropped as soon as the store announces a change
/// (<see cref="Apply"/>).</item>
/// </list>
/// Friends' visits are always read from the store: friends' check-ins are written by other partitions.
/// Everything else passes through. Bounded: past <see cref="CachingContextStoreSettings.MaxCustomers"/> entries
/// about half are dropped.
/// </summary>
public sealed partial class CachingContextStore : DelegatingContextStore
{
    private readonly CachingContextStoreSettings _settings;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly long _profileTtlTicks;
    private long _generation;
    private int _count;
    private long _stateHits;
    private long _stateMisses;

    private readonly WriteBehindBuffer _buffer = new();
    private long _positionsHeld;
    private long _fenced;
    private long _noProfile;

    /// <param name="inner">The shared store (normally the retrying Redis store).</param>
    /// <param name="settings">Bounds; <c>null</c> for the defaults.</param>
    /// <param name="time">Clock for profile expiry.</param>
    public CachingContextStore(ICustomerContextStore inner, CachingContextStoreSettings? settings = null, TimeProvider? time = null)
        : base(inner)
    {
        _settings = settings ?? new CachingContextStoreSettings();
        _time = time ?? TimeProvider.System;
        _profileTtlTicks = (long)(_settings.ProfileTtl.TotalSeconds * _time.TimestampFrequency);
    }

    /// <summary>Loads whose state came from the cache.</summary>
    public long StateHits => Interlocked.Read(ref _stateHits);

    /// <summary>Loads whose state had to be read from the store.</summary>
    public long StateMisses => Interlocked.Read(ref _stateMisses);

    /// <summary>Customers currently cached (approximate under concurrency).</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Flushes that wrote at least one state.</summary>
    public long Flushes => _buffer.Flushes;

    /// <summary>Saves kept in the cache only, because they changed nothing but the position (<see cref="CachingContextStoreSettings.PositionWriteInterval"/>).</summary>
    public long PositionsHeld => Interlocked.Read(ref _positionsHeld);

    /// <summary>State writes refused since start, by outcome (<see cref="StateWriteOutcome.Fenced"/>, <see cref="StateWriteOutcome.NoProfile"/>).</summary>
    public long Refused(StateWriteOutcome outcome) => outcome switch
    {
        StateWriteOutcome.Fenced => Interlocked.Read(ref _fenced),
        StateWriteOutcome.NoProfile => Interlocked.Read(ref _noProfile),
        _ => 0,
    };

    /// <summary>
    /// Raised after a flush in which the store refused writes: how many were fenced off by a newer owner and how many
    /// were for customers without a profile. The customers are already dropped from the cache.
    /// </summary>
    public event Action<int, int>? WritesRefused;

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
            _buffer.Drop(customerId);

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
        var wanted = query.Parts;
        var now = _time.GetTimestamp();
        _entries.TryGetValue(query.CustomerId, out var cached);
        var seenState = cached?.State;
        var known = seenState is not null && seenState.Epoch == query.Epoch ? seenState.State : null;
        if (known is null && _buffer.Pending(query.CustomerId) is { } buffered && buffered.Epoch == query.Epoch)
        {
            // Dropped from the cache (bound, revocation) while its newest state, written under this epoch, still waits to be flushed.
            known = buffered.State;
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
                Add(query.CustomerId, new Entry(wanted.HasFlag(ContextParts.State) ? new CachedState(state, query.Epoch) : null, freshSlot));
            }
            else
            {
                if (ask.HasFlag(ContextParts.State))
                {
                    cached.TrySetState(seenState, new CachedState(state, query.Epoch)); // fails if a save came first
                }

                if (freshSlot is not null)
                {
                    cached.TrySetProfile(slot, freshSlot); // fails if an announcement invalidated it meanwhile
                }
            }
        }

        return new CustomerContext(profile, state, loaded.FriendVisits);
    }

    /// <summary>
    /// Buffers the write (durable after the next <see cref="FlushAsync"/>) and updates the cached state. A write under
    /// an older epoch than one already buffered or cached for the customer is refused at once (<see cref="StateWriteOutcome.Fenced"/>).
    /// </summary>
    public override ValueTask<StateWriteOutcome> SaveStateAsync(string customerId, CustomerState state, long epoch = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        ArgumentNullException.ThrowIfNull(state);
        var saved = new CachedState(state, epoch);
        if (!_entries.TryGetValue(customerId, out var entry))
        {
            return ValueTask.FromResult(Buffer(customerId, saved));
        }

        // Only the owning task saves a customer; the lock is for ReleaseHeld, which a change of tasks runs on another thread.
        lock (entry)
        {
            if (entry.Written is { } written && written.Epoch == epoch && PositionOnlyChange.Holds(written.State, state, _settings.PositionWriteInterval))
            {
                // Only the position moved since the last write (docs/context-store.md, "Position-only changes wait").
                entry.StoreState(saved);
                Interlocked.Increment(ref _positionsHeld);
                return ValueTask.FromResult(StateWriteOutcome.Written);
            }

            var outcome = Buffer(customerId, saved);
            if (outcome == StateWriteOutcome.Written)
            {
                entry.StoreWritten(saved); // swapped in place: no dictionary write (and no bucket lock) per save
            }

            return ValueTask.FromResult(outcome);
        }
    }

    private StateWriteOutcome Buffer(string customerId, CachedState saved)
    {
        if (_buffer.TryBuffer(customerId, saved))
        {
            return StateWriteOutcome.Written;
        }

        Interlocked.Increment(ref _fenced);
        return StateWriteOutcome.Fenced;
    }

    /// <summary>Buffers each write, as <see cref="SaveStateAsync"/> does.</summary>
    public override async ValueTask<IReadOnlyList<StateWriteOutcome>> SaveStatesAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var outcomes = new StateWriteOutcome[writes.Count];
        for (var i = 0; i < outcomes.Length; i++)
        {
            outcomes[i] = await SaveStateAsync(writes[i].CustomerId, writes[i].State, writes[i].Epoch, cancellationToken).ConfigureAwait(false);
        }

        return outcomes;
    }

    /// <summary>
    /// Writes every buffered state to the store, pipelined, and returns when all saves made before the call are
    /// durable. Flushes run one at a time, so two writes of one customer land in order; a failed flush puts its
    /// states back (unless a newer one was saved meanwhile) and rethrows.
    /// </summary>
    public override async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        var refused = await _buffer.FlushAsync(Inner, cancellationToken).ConfigureAwait(false);
        if (refused.Count > 0)
        {
            Forget(refused);
        }
    }

    // Refused writes are not retried: the customer's cached state is dropped (a newer owner holds it, or nothing may
    // be kept about them), and the refusals are counted and reported.
    private void Forget(IReadOnlyList<(string CustomerId, StateWriteOutcome Outcome)> refused)
    {
        var fenced = 0;
        var noProfile = 0;
        foreach (var (customerId, outcome) in refused)
        {
            _ = outcome == StateWriteOutcome.Fenced ? fenced++ : noProfile++;
            if (_entries.TryRemove(customerId, out _))
            {
                Interlocked.Decrement(ref _count);
            }
        }

        if (fenced + noProfile > 0)
        {
            Interlocked.Add(ref _fenced, fenced);
            Interlocked.Add(ref _noProfile, noProfile);
            WritesRefused?.Invoke(fenced, noProfile);
        }
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

        if (Interlocked.Increment(ref _count) > _settings.MaxCustomers)
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
}
