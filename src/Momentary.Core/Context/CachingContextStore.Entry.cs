namespace Momentary.Core.Context;

// The cache's entries: one per customer (see CachingContextStore.cs).
public sealed partial class CachingContextStore
{
    // A cached customer. State and profile are each one reference, swapped whole, so a reader never sees a
    // half-updated entry. Only the task owner writes the state, tagged with its epoch; a write under an older epoch
    // never replaces a newer one. Announcements invalidate the profile, and a load puts a profile in only if no
    // invalidation came between its read and its write.
    // Written is the state last handed to the store (buffered, or read from it): what a position-only save is
    // compared with; only the owning task saves a customer, so it moves with State under that task's saves.
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
