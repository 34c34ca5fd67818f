namespace Momentary.Core.Context;

/// <summary>A customer's state as the cache holds or buffers it, with the ownership epoch it was written or read under.</summary>
internal sealed record CachedState(CustomerState State, long Epoch);
