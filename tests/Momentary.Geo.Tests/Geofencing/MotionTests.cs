using Momentary.Core.Context;
using Momentary.Core.Geofencing;
using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;

namespace Momentary.Geo.Tests.Geofencing;

public sealed class MotionTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private readonly Geofencer _geofencer = new(FenceIndex.Build(VenueCatalog.Parse("""{"type":"FeatureCollection","features":[]}""", "none")), new GeofenceSettings());

    [Theory]
    [InlineData(14, 10, Motion.Walking)] // 14 m in 10 s: 1.4 m/s
    [InlineData(150, 10, Motion.Driving)] // 15 m/s
    [InlineData(2, 10, Motion.Still)]
    public void Apply_TwoFixes_DeriveSpeedAndMotion(double northMeters, int seconds, Motion expected)
    {
        var facts = Second(48.86 + (northMeters / 111_133.0), 2.34, seconds);
        Assert.Equal(expected, facts.Motion);
        Assert.InRange(facts.SpeedMetersPerSecond!.Value, (northMeters / seconds) * 0.99, (northMeters / seconds) * 1.01);
    }

    [Fact]
    public void Apply_MovingEast_HeadsNinetyDegrees()
    {
        var facts = Second(48.86, 2.34 + (150 / 73_100.0), 10);
        Assert.InRange(facts.HeadingDegrees!.Value, 89, 91);
    }

    [Fact]
    public void Apply_FirstFixWithoutDeviceSpeed_IsUnknown()
    {
        var ping = new LocationPing { Id = "a", CustomerId = "c", Timestamp = T0, Latitude = 48.86, Longitude = 2.34 };
        Assert.Equal(Motion.Unknown, _geofencer.Apply(ping, _geofencer.Lookup(ping), CustomerState.Empty, out _).Motion);
    }

    [Fact]
    public void Apply_EnteredAt_IsKeptWhileInside_SoDwellIsComputable()
    {
        var index = FenceIndex.Build(VenueCatalog.Parse("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"cafe","name":"Cafe","radiusM":30},"geometry":{"type":"Point","coordinates":[2.34,48.86]}}]}""", "v"));
        var geofencer = new Geofencer(index, new GeofenceSettings());
        var state = CustomerState.Empty;
        for (var minute = 0; minute <= 20; minute += 5)
        {
            var ping = new LocationPing { Id = $"p{minute}", CustomerId = "c", Timestamp = T0.AddMinutes(minute), Latitude = 48.86, Longitude = 2.34, AccuracyMeters = 5 };
            geofencer.Apply(ping, geofencer.Lookup(ping), state, out state);
        }

        Assert.Equal(TimeSpan.FromMinutes(20), T0.AddMinutes(20) - state.InsideVenues["cafe"]);
    }

    private GeoFacts Second(double lat, double lon, int seconds)
    {
        var first = new LocationPing { Id = "a", CustomerId = "c", Timestamp = T0, Latitude = 48.86, Longitude = 2.34 };
        _geofencer.Apply(first, _geofencer.Lookup(first), CustomerState.Empty, out var state);
        var second = new LocationPing { Id = "b", CustomerId = "c", Timestamp = T0.AddSeconds(seconds), Latitude = lat, Longitude = lon };
        return _geofencer.Apply(second, _geofencer.Lookup(second), state, out _);
    }
}
