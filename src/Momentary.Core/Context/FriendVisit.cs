namespace Momentary.Core.Context;

/// <summary>A friend's latest check-in at a venue, joined into this customer's context when it is read.</summary>
public readonly record struct FriendVisit(string FriendId, DateTimeOffset At);
