using Momentary.Core.Context;
using Momentary.Geo.Geofencing;

namespace Momentary.Geo.Tests.Geofencing;

public sealed class RoamingTests
{
    [Fact]
    public void FriendsWithin_KeepsOnlyThoseInRange_NearestFirst()
    {
        var at = DateTimeOffset.UnixEpoch;
        FriendPosition[] friends =
        [
            new("far", 48.8700, 2.3400, at),      // ~1.1 km north
            new("near", 48.8601, 2.3400, at),     // ~11 m north
            new("closer", 48.86005, 2.3400, at),  // ~5.6 m north
        ];

        var within = Roaming.FriendsWithin(friends, 48.86, 2.34, 100);

        Assert.Equal(["closer", "near"], within.Select(f => f.Friend.FriendId));
        Assert.InRange(within[1].Meters, 10.9, 11.4);
    }
}
