using Momentary.Core.Context;

namespace Momentary.Geo.Geofencing;

/// <summary>"A friend is within D metres right now": pure distance filtering of friends' last positions.</summary>
public static class Roaming
{
    /// <summary>Friends within <paramref name="meters"/> of the point, nearest first, with their distances.</summary>
    public static List<(FriendPosition Friend, double Meters)> FriendsWithin(IReadOnlyList<FriendPosition> friends, double lat, double lon, double meters)
    {
        ArgumentNullException.ThrowIfNull(friends);
        var frame = new LocalFrame(lat, lon);
        var near = new List<(FriendPosition, double)>();
        foreach (var friend in friends)
        {
            var (x, y) = frame.Project(friend.Latitude, friend.Longitude);
            var d = Math.Sqrt((x * x) + (y * y));
            if (d <= meters)
            {
                near.Add((friend, d));
            }
        }

        near.Sort(static (a, b) => a.Item2.CompareTo(b.Item2));
        return near;
    }
}
