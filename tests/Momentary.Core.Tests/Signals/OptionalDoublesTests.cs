using Momentary.Core.Context;
using Momentary.Core.Geofencing;
using Momentary.Core.Signals;

namespace Momentary.Core.Tests.Signals;

/// <summary>
/// The per-signal records keep their optional doubles as plain doubles (NaN for none) to be smaller: what a caller
/// sees — null or the value, equality, <c>with</c> — is what a <c>double?</c> gave.
/// </summary>
public sealed class OptionalDoublesTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void AnOptionalDouble_ReadsBackAsSet_NullByDefault_AndZeroIsAValue()
    {
        var none = Ping(speed: null, heading: null);
        var some = Ping(speed: 0, heading: 359.5);

        Assert.Equal((null, null), (none.SpeedMetersPerSecond, none.HeadingDegrees));
        Assert.Equal((0.0, 359.5), (some.SpeedMetersPerSecond, some.HeadingDegrees));
        Assert.Equal((null, null), (new GeoFacts().SpeedMetersPerSecond, new GeoFacts().HeadingDegrees));
        Assert.Equal((null, null), (CustomerState.Empty.LastLatitude, CustomerState.Empty.LastLongitude));
        var moved = CustomerState.Empty with { LastLatitude = -33.86, LastLongitude = 151.2 };
        Assert.Equal((-33.86, 151.2), (moved.LastLatitude, moved.LastLongitude));
        Assert.Equal((null, 151.2), ((moved with { LastLatitude = null }).LastLatitude, (moved with { LastLatitude = null }).LastLongitude));
    }

    [Fact]
    public void Equality_IsTheValuesEquality_WithNoneEqualToNone()
    {
        Assert.Equal(Ping(null, null), Ping(null, null));
        Assert.Equal(Ping(1.5, 90), Ping(1.5, 90));
        Assert.NotEqual(Ping(null, 90), Ping(0, 90));
        Assert.NotEqual(Ping(1.5, null), Ping(1.5, 0));
        Assert.Equal(Ping(null, null).GetHashCode(), Ping(null, null).GetHashCode());
        Assert.Equal(new GeoFacts { SpeedMetersPerSecond = 2 }, new GeoFacts { SpeedMetersPerSecond = 2 });
        Assert.NotEqual(new GeoFacts { HeadingDegrees = 0 }, new GeoFacts());
        Assert.NotEqual(CustomerState.Empty with { LastLongitude = 0 }, CustomerState.Empty);
    }

    private static LocationPing Ping(double? speed, double? heading) => new()
    {
        Id = "s-1",
        CustomerId = "jane",
        Timestamp = At,
        Latitude = 51.5,
        Longitude = -0.12,
        SpeedMetersPerSecond = speed,
        HeadingDegrees = heading,
    };
}
