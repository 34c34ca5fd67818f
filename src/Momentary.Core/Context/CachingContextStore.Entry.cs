namespace Momentary.Core.Context;

// The cache's entries, one per customer, and the release of the saves they hold back (see CachingContextStore.cs).
public sealed partial class CachingContextStore
{
    /// <summary>
    /// Buffers every state held back because only its position moved, so the next <see cref="FlushAsync"/> writes it
    /// (tasks are about to move: their next owner reads the store). Returns how many were buffered.
    /// </summary>
    public int ReleaseHeld()
    {
        var released = 0;
        foreach (var (customerId, entry) in _entries)
        {
            lock (entry)
            {
                if (entry.State is { } state && !ReferenceEquals(state, entry.Written) && _buffer.TryBuffer(customerId, state))
                {
                    entry.StoreWritten(state);
                    released++;
                }
            }
        }

        return released;
    }

    // A cached customer. State and profile are each one reference, swapped whole, so a reader never sees a
    // half-updated entry. Only the task owner writes the state, tagged with its epoch; a write under an older epoch
    // never replaces a newer one. Announcements invalidate the profile, and a load puts a profile in only if no
    // invalidation came between its read and its write.
    // Written is the state last handed to the store (buffered, or read from it): what a position-only save is
    // compared with. Saves (the owning task's) and ReleaseHeld (a change of tasks) move it under the entry's lock,
    // so a release never buffers a state older than one a save buffered meanwhile.
    private sealed class Entry(CachedState? state, ProfileSlot? profile)
    {
        private CachedState? _state = state;
        private CachedState? _written = state;
        private ProfileSlot? _profile = profile;

        public CachedState? State => Volatile.Read(ref _state);

        public CachedState? Written => Volatile.Read(ref _written);

        public ProfileSlot? Profile => Volatile.Read(ref _profile);

        public void StoreState(CachedState value)
        {
            var seen = Volatile.Read(ref _state);
            while (seen is null || seen.Epoch <= value.Epoch)
            {
                var found = Interlocked.CompareExchange(ref _state, value, seen);
                if (ReferenceEquals(found, seen))
                {
                    return;
                }

                seen = found;
            }
        }

        // A state read from the store: it is also what the store holds.
        public void TrySetState(CachedState? seen, CachedState value)
        {
            if (ReferenceEquals(Interlocked.CompareExchange(ref _state, value, seen), seen))
            {
                Volatile.Write(ref _written, value);
            }
        }

        public void StoreWritten(CachedState value)
        {
            StoreState(value);
            if (ReferenceEquals(Volatile.Read(ref _state), value))
            {
                Volatile.Write(ref _written, value);
            }
        }

        public void TrySetProfile(ProfileSlot? seen, ProfileSlot fresh) => Interlocked.CompareExchange(ref _profile, fresh, seen);

        // A new (expired) slot each time, so a load that saw the previous slot cannot put its older read back.
        public void InvalidateProfile() => Volatile.Write(ref _profile, new ProfileSlot(null, 0));
    }

    // A cached profile (null: the customer has none) and when it expires, in timestamp ticks.
    private sealed record ProfileSlot(CustomerProfile? Profile, long Expires);
}
