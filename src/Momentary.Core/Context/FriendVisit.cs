namespace Momentary.Core.Context;

/// <summary>A friend's latest check-in at a venue, as fanned out to this customer's own keys.</summary>
public readonly record struct FriendVisit(string FriendId, DateTimeOffset At);
