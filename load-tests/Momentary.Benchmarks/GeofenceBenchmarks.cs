using BenchmarkDotNet.Attributes;
using Momentary.Core.Context;
using Momentary.Core.Geofencing;
using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;
using Momentary.City;

namespace Momentary.Benchmarks;

/// <summary>
/// Fence lookups and transitions over the load harness's city (districted rectangles, 20 km × 20 km): a point
/// lookup (fences containing the point) and a full ping (containing + within 300 m + transitions).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class GeofenceBenchmarks
{
    private FenceIndex _index = null!;
    private Geofencer _geofencer = null!;
    private (double Lat, double Lon)[] _points = null!;
    private LocationPing[] _pings = null!;
    private CustomerState _state = CustomerState.Empty;
    private readonly List<VenueProximity> _results = [];
    private int _i;

    [Params(10_000, 100_000)]
    public int Fences { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var city = new CityModel(new CitySettings { Venues = Fences, Customers = 1, Seed = 7 });
        using var stream = new MemoryStream();
        city.WriteVenuesGeoJson(stream);
        var catalog = VenueCatalog.Parse(System.Text.Encoding.UTF8.GetString(stream.ToArray()), "city");
        _index = FenceIndex.Build(catalog);
        _geofencer = new Geofencer(_index, new GeofenceSettings());
        var rng = new Random(11);

        // Half the points inside a venue (people are where the shops are), half anywhere in the city.
        _points = new (double, double)[4096];
        for (var i = 0; i < _points.Length; i++)
        {
            var v = city.Venues[rng.Next(city.Venues.Count)];
            _points[i] = i % 2 == 0 ? (v.Latitude, v.Longitude) : city.Offset(city.Settings.CenterLatitude, city.Settings.CenterLongitude, (rng.NextDouble() - 0.5) * 20_000, (rng.NextDouble() - 0.5) * 20_000);
        }

        var t0 = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
        _pings = _points.Select((p, i) => new LocationPing { Id = $"p{i}", CustomerId = "c", Timestamp = t0.AddSeconds(i), Latitude = p.Lat, Longitude = p.Lon, AccuracyMeters = 8 }).ToArray();
    }

    [Benchmark(Description = "point lookup (containing)")]
    public int Containing()
    {
        var (lat, lon) = _points[_i++ & 4095];
        _results.Clear();
        _index.Containing(lat, lon, _results);
        return _results.Count;
    }

    [Benchmark(Description = "near: venues within 300 m")]
    public int Near()
    {
        var (lat, lon) = _points[_i++ & 4095];
        _results.Clear();
        _index.Near(lat, lon, 300, _results);
        return _results.Count;
    }

    [Benchmark(Description = "ping: lookup + transitions")]
    public GeoFacts Ping()
    {
        var i = _i++;
        var ping = _pings[i & 4095];
        if ((i & 4095) == 0)
        {
            _state = CustomerState.Empty; // timestamps restart with the array
        }

        var facts = _geofencer.Apply(ping, _geofencer.Lookup(ping), _state, out _state);
        return facts;
    }
}
