namespace Momentary.Core.Context;

/// <summary>A friend's last known position (only kept for friends who consented to share it, and only briefly).</summary>
public readonly record struct FriendPosition(string FriendId, double Latitude, double Longitude, DateTimeOffset At);
