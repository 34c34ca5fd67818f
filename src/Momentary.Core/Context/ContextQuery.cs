namespace Momentary.Core.Context;

/// <summary>Everything one signal needs from the store, asked for in one round trip.</summary>
/// <param name="CustomerId">Whose context.</param>
/// <param name="VenueIds">Venues whose friends' visits matter for this signal (the ones the customer is at or near).</param>
/// <param name="FriendWindow">How far back friends' visits count (the longest window any loaded rule uses).</param>
/// <param name="Now">The evaluation instant.</param>
public sealed record ContextQuery(string CustomerId, IReadOnlyList<string> VenueIds, TimeSpan FriendWindow, DateTimeOffset Now);
