using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Momentary.City;

/// <summary>
/// A deterministic simulated city: venues clustered in districts, customers with home, work, favourite venues
/// and friends (mostly from their own district, as real social graphs are local). Writes the venues as GeoJSON
/// and the population as context NDJSON, the same files a real deployment loads.
/// </summary>
public sealed class CityModel
{
    public static readonly string[] Categories = ["fashion", "grocery", "cafe", "electronics", "sports", "books", "beauty", "restaurant"];

    private readonly double _metersPerDegLat = 111_320;
    private readonly double _metersPerDegLon;

    public CityModel(CitySettings settings)
    {
        Settings = settings;
        _metersPerDegLon = 111_320 * Math.Cos(settings.CenterLatitude * Math.PI / 180);
        var rng = new Random(settings.Seed);
        Venues = CreateVenues(rng);
        Customers = CreateCustomers(rng);
    }

    public CitySettings Settings { get; }

    public IReadOnlyList<SimVenue> Venues { get; }

    public IReadOnlyList<SimCustomer> Customers { get; }

    /// <summary>Latitude/longitude of a point <paramref name="northM"/>/<paramref name="eastM"/> metres from the centre.</summary>
    public (double Lat, double Lon) Offset(double lat, double lon, double northM, double eastM) =>
        (lat + (northM / _metersPerDegLat), lon + (eastM / _metersPerDegLon));

    /// <summary>Approximate distance in metres (equirectangular; fine at city scale).</summary>
    public double Distance(double lat1, double lon1, double lat2, double lon2)
    {
        var dn = (lat2 - lat1) * _metersPerDegLat;
        var de = (lon2 - lon1) * _metersPerDegLon;
        return Math.Sqrt((dn * dn) + (de * de));
    }

    /// <summary>Writes the venues as a GeoJSON FeatureCollection of rectangle polygons.</summary>
    public void WriteVenuesGeoJson(Stream stream)
    {
        using var w = new Utf8JsonWriter(stream);
        w.WriteStartObject();
        w.WriteString("type", "FeatureCollection");
        w.WriteStartArray("features");
        foreach (var v in Venues)
        {
            w.WriteStartObject();
            w.WriteString("type", "Feature");
            w.WriteStartObject("properties");
            w.WriteString("id", v.Id);
            w.WriteString("name", v.Name);
            w.WriteString("category", v.Category);
            w.WriteEndObject();
            w.WriteStartObject("geometry");
            w.WriteString("type", "Polygon");
            w.WriteStartArray("coordinates");
            w.WriteStartArray();
            var (s, west) = Offset(v.Latitude, v.Longitude, -v.HalfHeightMeters, -v.HalfWidthMeters);
            var (n, east) = Offset(v.Latitude, v.Longitude, v.HalfHeightMeters, v.HalfWidthMeters);
            foreach (var (lon, lat) in new[] { (west, s), (east, s), (east, n), (west, n), (west, s) })
            {
                w.WriteStartArray();
                w.WriteNumberValue(Math.Round(lon, 7));
                w.WriteNumberValue(Math.Round(lat, 7));
                w.WriteEndArray();
            }

            w.WriteEndArray();
            w.WriteEndArray();
            w.WriteEndObject();
            w.WriteEndObject();
        }

        w.WriteEndArray();
        w.WriteEndObject();
    }

    /// <summary>Writes profiles and friendships as context NDJSON (docs/context-store.md).</summary>
    public void WriteContextNdjson(TextWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var sb = new StringBuilder(256);
        foreach (var c in Customers)
        {
            sb.Clear();
            sb.Append(CultureInfo.InvariantCulture, $"{{\"type\":\"profile\",\"customerId\":\"{c.Id}\",\"segments\":[\"{c.Segment}\"],\"interests\":[],\"consent\":{{\"offers\":{(c.Consent ? "true" : "false")},\"location\":true}},\"timeZone\":\"Europe/Paris\"}}");
            writer.WriteLine(sb);
            foreach (var f in c.Friends)
            {
                // Friendships are mutual; write each pair once.
                if (string.CompareOrdinal(c.Id, Customers[f].Id) < 0)
                {
                    writer.WriteLine($"{{\"type\":\"friendship\",\"customerId\":\"{c.Id}\",\"friendId\":\"{Customers[f].Id}\"}}");
                }
            }
        }
    }

    private SimVenue[] CreateVenues(Random rng)
    {
        // Venues cluster in districts (high streets, malls) rather than spreading uniformly.
        var districts = Math.Max(1, Settings.Venues / 200);
        var centres = new (double N, double E)[districts];
        for (var d = 0; d < districts; d++)
        {
            centres[d] = (Uniform(rng, -Settings.HalfSizeMeters, Settings.HalfSizeMeters), Uniform(rng, -Settings.HalfSizeMeters, Settings.HalfSizeMeters));
        }

        var venues = new SimVenue[Settings.Venues];
        for (var i = 0; i < venues.Length; i++)
        {
            var (cn, ce) = centres[rng.Next(districts)];
            var (lat, lon) = Offset(Settings.CenterLatitude, Settings.CenterLongitude, cn + Gaussian(rng, 400), ce + Gaussian(rng, 400));
            var category = Categories[rng.Next(Categories.Length)];
            venues[i] = new SimVenue($"v{i:D6}", $"{category} {i}", category, lat, lon, Uniform(rng, 8, 30), Uniform(rng, 8, 30));
        }

        return venues;
    }

    private SimCustomer[] CreateCustomers(Random rng)
    {
        var n = Settings.Customers;
        var customers = new SimCustomer[n];
        var friends = new List<int>[n];
        for (var i = 0; i < n; i++)
        {
            friends[i] = [];
        }

        // Friends mostly among neighbours in id order (ids are assigned by district), some far away.
        var half = Settings.AverageFriends / 2;
        for (var i = 0; i < n; i++)
        {
            for (var k = 0; k < half; k++)
            {
                var j = rng.NextDouble() < 0.8 ? (i + 1 + rng.Next(200)) % n : rng.Next(n);
                if (j != i && !friends[i].Contains(j))
                {
                    friends[i].Add(j);
                    friends[j].Add(i);
                }
            }
        }

        for (var i = 0; i < n; i++)
        {
            var anchor = Venues[rng.Next(Venues.Count)];
            var (homeLat, homeLon) = Offset(anchor.Latitude, anchor.Longitude, Gaussian(rng, 800), Gaussian(rng, 800));
            var work = Venues[rng.Next(Venues.Count)];
            var favourites = new int[3];
            for (var f = 0; f < favourites.Length; f++)
            {
                favourites[f] = rng.Next(Venues.Count);
            }

            customers[i] = new SimCustomer(
                $"c{i:D7}",
                Categories[rng.Next(Categories.Length)],
                rng.NextDouble() < Settings.ConsentShare,
                homeLat,
                homeLon,
                work.Latitude,
                work.Longitude,
                favourites,
                [.. friends[i]]);
        }

        return customers;
    }

    private static double Uniform(Random rng, double min, double max) => min + (rng.NextDouble() * (max - min));

    private static double Gaussian(Random rng, double sigma)
    {
        var u1 = 1.0 - rng.NextDouble();
        var u2 = rng.NextDouble();
        return sigma * Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
