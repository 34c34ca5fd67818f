using Momentary.Core.Context;
using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;

namespace Momentary.Geo.Tests.Geofencing;

public sealed class GeofencerTests
{
    // A 20 m (east) x 15 m (north) shop whose south-west corner is at 48.86 N, 2.34 E, and a 10 m circle 100 m east.
    private const string Venues = """
        {"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"id":"shop","name":"Shop","category":"fashion"},
           "geometry":{"type":"Polygon","coordinates":[[[2.34,48.86],[2.3402731,48.86],[2.3402731,48.8601350],[2.34,48.8601350],[2.34,48.86]]]}},
          {"type":"Feature","properties":{"id":"kiosk","name":"Kiosk","category":"cafe","radiusM":10},
           "geometry":{"type":"Point","coordinates":[2.3413650,48.8600675]}}
        ]}
        """;

    private static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
    private readonly Geofencer _geofencer = new(FenceIndex.Build(VenueCatalog.Parse(Venues, "test.geojson")), new GeofenceSettings());

    [Fact]
    public void Apply_FirstPingInside_EntersOnce()
    {
        var (facts, state) = Ping(CustomerState.Empty, 48.86007, 2.34013, 0);
        Assert.Equal("shop", Assert.Single(facts.Entered).Venue.Id);

        var (again, _) = Ping(state, 48.86008, 2.34014, 1);
        Assert.Empty(again.Entered);
        Assert.Equal("shop", Assert.Single(again.Inside).Venue.Id);
    }

    [Fact]
    public void Apply_FixWithHugeAccuracy_DoesNotEnter()
    {
        var (facts, state) = Ping(CustomerState.Empty, 48.86007, 2.34013, 0, accuracy: 500);
        Assert.Empty(facts.Entered);
        Assert.Empty(state.InsideVenues);
    }

    [Fact]
    public void Apply_JitterAcrossTheEdge_DoesNotFlap()
    {
        var (_, state) = Ping(CustomerState.Empty, 48.86007, 2.34013, 0);
        var transitions = 0;
        for (var i = 1; i <= 20; i++)
        {
            // Alternate 3 m inside and 3 m outside the north edge, with 8 m accuracy fixes.
            var lat = 48.8601350 + ((i % 2 == 0 ? 3 : -3) / 111_133.0);
            (var facts, state) = Ping(state, lat, 2.34013, i, accuracy: 8);
            transitions += facts.Entered.Count + facts.Exited.Count;
        }

        Assert.Equal(0, transitions);
        Assert.True(state.InsideVenues.ContainsKey("shop"));
    }

    [Fact]
    public void Apply_ClearlyOutside_Exits()
    {
        var (_, state) = Ping(CustomerState.Empty, 48.86007, 2.34013, 0);
        var (facts, next) = Ping(state, 48.8604, 2.34013, 1, accuracy: 5); // ~29 m north of the edge, beyond 15 m + 5 m
        Assert.Equal("shop", Assert.Single(facts.Exited).Venue.Id);
        Assert.Empty(next.InsideVenues);
    }

    [Fact]
    public void Apply_OutOfOrderOrSameInstantPing_ChangesNothing()
    {
        var (_, state) = Ping(CustomerState.Empty, 48.86007, 2.34013, 10);
        var (older, sameState) = Ping(state, 48.8610, 2.3500, 5);
        Assert.Same(state, sameState);
        Assert.Empty(older.Exited);

        // Another fix with the same timestamp (a device re-sending under a new id) is not a new moment.
        var again = new LocationPing { Id = "other-id", CustomerId = "c", Timestamp = T0.AddMinutes(10), Latitude = 48.86007, Longitude = 2.34013, AccuracyMeters = 5 };
        var duplicate = _geofencer.Apply(again, _geofencer.Lookup(again), state, out var dupState);
        Assert.Same(state, dupState);
        Assert.Empty(duplicate.Entered);
    }

    [Fact]
    public void Apply_ReplayOfAnAppliedSignal_ReturnsTheSameTransitionsWithoutChangingState()
    {
        var ping = new LocationPing { Id = "enter", CustomerId = "c", Timestamp = T0, Latitude = 48.86007, Longitude = 2.34013, AccuracyMeters = 5 };
        var first = _geofencer.Apply(ping, _geofencer.Lookup(ping), CustomerState.Empty, out var state);
        var (_, later) = Ping(state, 48.86008, 2.34014, 1);

        var replay = _geofencer.Apply(ping, _geofencer.Lookup(ping), later, out var unchanged);

        Assert.Same(later, unchanged);
        Assert.Equal(first.Entered.Select(v => v.Venue.Id), replay.Entered.Select(v => v.Venue.Id));
        Assert.Equal("shop", Assert.Single(replay.Entered).Venue.Id);
    }

    [Fact]
    public void Apply_ManySignals_RemembersOnlyTheLastFew()
    {
        var state = CustomerState.Empty;
        for (var i = 0; i < 20; i++)
        {
            (_, state) = Ping(state, 48.86007, 2.34013, i);
        }

        Assert.Equal(Geofencer.RememberedSignals, state.RecentSignals.Count);
        Assert.Equal(RecentMarks.IdOf("p19"), state.RecentSignals[^1]);
        Assert.True(state.RecentSignals.Contains("p12"));
        Assert.False(state.RecentSignals.Contains("p11"));
    }

    [Fact]
    public void Apply_LastSeenFarAheadOfTheClock_IsNotTrustedAndTheStateHeals()
    {
        // A ping dated 9999 got in before signal times were bounded: inside the shop "since 9999", last seen 9999.
        var future = new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var poisoned = _geofencer.Apply(Fix("from-the-future", future, 48.86007, 2.34013), _geofencer.Lookup(Fix("x", future, 48.86007, 2.34013)), CustomerState.Empty, out var state);
        Assert.Single(poisoned.Entered);
        var now = T0.AddMinutes(1);

        // The customer walks out, then into the kiosk: with the clock, each fix counts again.
        var outside = Fix("out", now, 48.8604, 2.34013);
        var exit = _geofencer.Apply(outside, _geofencer.Lookup(outside), state, now, out state);
        Assert.Equal("shop", Assert.Single(exit.Exited).Venue.Id);
        Assert.Equal(now, state.LastSeen);

        var kiosk = Fix("kiosk", now.AddMinutes(1), 48.8600675, 2.3413650);
        var enter = _geofencer.Apply(kiosk, _geofencer.Lookup(kiosk), state, now.AddMinutes(1), out state);
        Assert.Equal("kiosk", Assert.Single(enter.Entered).Venue.Id);
        Assert.Equal(now.AddMinutes(1), state.InsideVenues["kiosk"]);
    }

    [Fact]
    public void Apply_LastSeenWithinTheSkewOfTheClock_KeepsIgnoringOlderPings()
    {
        var (_, state) = Ping(CustomerState.Empty, 48.86007, 2.34013, 60); // last seen T0 + 1 h
        var older = Fix("older", T0.AddMinutes(30), 48.8610, 2.3500);

        var facts = _geofencer.Apply(older, _geofencer.Lookup(older), state, T0, out var next); // the clock says T0: 1 h ahead is within the skew

        Assert.Same(state, next);
        Assert.Empty(facts.Exited);
    }

    [Fact]
    public void Apply_StaySinceAfterTheFix_IsClampedToTheFix()
    {
        var future = T0.AddYears(1);
        var state = CustomerState.Empty with { InsideVenues = new Dictionary<string, DateTimeOffset> { ["shop"] = future }, LastSeen = future };
        var fix = Fix("in", T0, 48.86008, 2.34014);

        _geofencer.Apply(fix, _geofencer.Lookup(fix), state, T0, out var next);

        Assert.Equal(T0, next.InsideVenues["shop"]);
    }

    [Fact]
    public void Apply_PingThatLeavesTheStaysAsTheyWere_KeepsTheStaysInstance()
    {
        var (_, outside) = Ping(CustomerState.Empty, 48.85, 2.30, 0); // far from both venues
        var (quiet, stillOutside) = Ping(outside, 48.8501, 2.3001, 1);
        Assert.Same(outside.InsideVenues, stillOutside.InsideVenues);
        Assert.Empty(stillOutside.InsideVenues);
        Assert.Equal((0, 0, 0), (quiet.Entered.Count, quiet.Inside.Count, quiet.Exited.Count));
        Assert.Equal(T0.AddMinutes(1), stillOutside.LastSeen);
        Assert.Equal(RecentMarks.IdOf("p1"), stillOutside.RecentSignals[^1]);

        var (_, inside) = Ping(stillOutside, 48.86007, 2.34013, 2);
        var (again, stillInside) = Ping(inside, 48.86008, 2.34014, 3);
        Assert.Same(inside.InsideVenues, stillInside.InsideVenues); // same venue, same start of the stay
        Assert.Equal("shop", Assert.Single(again.Inside).Venue.Id);
        Assert.Equal(T0.AddMinutes(2), stillInside.InsideVenues["shop"]);
    }

    [Fact]
    public void Lookup_NearVenues_AreNearestFirstWithMetricDistances()
    {
        var geofencer = new Geofencer(FenceIndex.Build(VenueCatalog.Parse(Venues, "test.geojson")), new GeofenceSettings { NearRadiusMeters = 300 });
        var lookup = geofencer.Lookup(new LocationPing { Id = "p", CustomerId = "c", Timestamp = T0, Latitude = 48.8600675, Longitude = 2.3408 });
        Assert.Equal(["kiosk", "shop"], lookup.Near.Select(n => n.Venue.Id));
        // 73,110 m per degree of longitude here: the shop's east edge is 38.5 m west, the kiosk's centre 41.3 m east (31.3 m to its edge).
        Assert.InRange(lookup.Near[0].DistanceMeters, 31.0, 31.6);
        Assert.InRange(lookup.Near[1].DistanceMeters, 38.2, 38.8);
        Assert.Equal(["kiosk", "shop"], lookup.VenueIds);
    }

    private static LocationPing Fix(string id, DateTimeOffset at, double lat, double lon) =>
        new() { Id = id, CustomerId = "c", Timestamp = at, Latitude = lat, Longitude = lon, AccuracyMeters = 5 };

    private (Core.Geofencing.GeoFacts Facts, CustomerState State) Ping(CustomerState state, double lat, double lon, int minute, double accuracy = 5)
    {
        var ping = new LocationPing { Id = $"p{minute}", CustomerId = "c", Timestamp = T0.AddMinutes(minute), Latitude = lat, Longitude = lon, AccuracyMeters = accuracy };
        var facts = _geofencer.Apply(ping, _geofencer.Lookup(ping), state, out var next);
        return (facts, next);
    }
}
