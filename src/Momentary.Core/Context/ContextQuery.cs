namespace Momentary.Core.Context;

/// <summary>Everything one signal needs from the store, asked for in one round trip (a value: one per signal, never an object of its own).</summary>
/// <param name="CustomerId">Whose context.</param>
/// <param name="VenueIds">Venues whose friends' visits matter for this signal (the ones the customer is at or near).</param>
/// <param name="FriendWindow">How far back friends' visits count (the longest window any loaded rule uses).</param>
/// <param name="Now">The evaluation instant.</param>
public readonly record struct ContextQuery(string CustomerId, IReadOnlyList<string> VenueIds, TimeSpan FriendWindow, DateTimeOffset Now)
{
    /// <summary>
    /// The parts to read (default all). A part not asked for comes back empty: no profile, <see cref="CustomerState.Empty"/>,
    /// no visits. A cache in front of the store asks only for what it does not hold.
    /// </summary>
    public ContextParts Parts { get; init; } = ContextParts.All;

    /// <summary>
    /// The ownership epoch of the task asking (0 outside the engine). A cache in front of the store trusts only what it
    /// cached under the same epoch: state cached before an ownership change is read again.
    /// </summary>
    public long Epoch { get; init; }
}
