namespace Momentary.Core.Context;

/// <summary>What changed in the shared store, as announced to in-process caches.</summary>
public enum ContextChange
{
    /// <summary>A customer's profile was written (consent, segments, ...): cached copies are stale.</summary>
    Profile,

    /// <summary>A customer was erased: nothing about them may stay cached or be written back.</summary>
    Erasure,

    /// <summary>Announcements may have been missed (the connection was restored): every cached profile is suspect.</summary>
    Unknown,
}
