using System.Globalization;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;

namespace Momentary.Geo.Tests.Venues;

/// <summary>
/// The venues loader at its trust boundary, on generated input: the demo mall mutated with JSON tokens and extreme
/// numbers, features generated with coordinates anywhere (poles, antimeridian, degenerate rings), random bytes.
/// Parsing throws nothing but <see cref="VenueFileException"/>, and a catalog that parses indexes and answers lookups.
/// </summary>
public sealed class VenueCatalogPropertyTests
{
    private static readonly string Mall = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "mall.geojson"));

    private static readonly string[] Tokens =
    [
        "[", "]", "{", "}", "\"", ",", ":", "null", "true", "[]", "{}", "\"x\"", "0", "-0", "1e999", "-1e400", "4e-324", "1e308",
        "99999999999999999999999999", "90", "-90", "180", "-180", "90.0000001", "[[", "]]", "\uFEFF", "\ud800", "\\ud800", "\u0000",
        "\"Point\"", "\"Polygon\"", "\"MultiPolygon\"", "\"LineString\"", "\"radiusM\":50000,", "\"radiusM\":-1,", "\"openingHours\":{\"mon\":\"10:00-20:00\"},",
        "\"openingHours\":[1],", "\"openingHours\":{\"sun-mon-tue\":\"x\"},", "[0,0]", "[[0,0],[0,0],[0,0],[0,0]]", "\"id\":\"aurora\",", "\"features\":[1],",
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    ];

    private static Gen<string> MutatedMall =>
        from count in Gen.Choose(1, 5)
        from mutations in Gen.ArrayOf(
            from op in Gen.Choose(0, 4)
            from at in Gen.Choose(0, 100_000)
            from token in Gen.Elements(Tokens)
            from length in Gen.Choose(1, 60)
            select (op, at, token, length), count)
        select Mutate(Mall, mutations);

    private static Gen<double> Coordinate(double limit) => Gen.OneOf(
        Gen.Choose(-1_000_000, 1_000_000).Select(i => i * limit / 1_000_000),
        Gen.Elements(limit, -limit, 0.0, -0.0, limit - 1e-9, 1e-300, limit + 1e-7));

    private static Gen<string> Position => from lon in Coordinate(180) from lat in Coordinate(90) select $"[{Num(lon)},{Num(lat)}]";

    // Features built from parts (extra properties, geometry), so most get past the JSON syntax and reach geometry
    // validation and indexing: boxes of any size around any centre (poles, antimeridian included), and random rings.
    private static Gen<string[]> Box =>
        from lon in Coordinate(180)
        from lat in Coordinate(90)
        from size in Gen.Elements(1e-9, 1e-6, 1e-4, 0.01, 1.0, 45.0, 200.0)
        let w = Math.Clamp(lon - size, -180, 180)
        let e = Math.Clamp(lon + size, -180, 180)
        let s = Math.Clamp(lat - size, -90, 90)
        let n = Math.Clamp(lat + size, -90, 90)
        select new[] { $"[{Num(w)},{Num(s)}]", $"[{Num(e)},{Num(s)}]", $"[{Num(e)},{Num(n)}]", $"[{Num(w)},{Num(n)}]", $"[{Num(w)},{Num(s)}]" };

    private static Gen<string[]> Ring => Gen.Frequency(
        (3, Box),
        (1, from ring in Gen.Choose(0, 6).SelectMany(n => Gen.ArrayOf(Position, n)) select ring.Length > 0 ? [.. ring, ring[0]] : ring));

    private static Gen<(string Properties, string Geometry)> Features => Gen.OneOf(
        from position in Position
        from radius in Gen.Elements(-1.0, 0.0, 1e-9, 1.0, 50.0, 50_000.0, 50_000.1, 1e308)
        select ($",\"radiusM\":{Num(radius)}", $"{{\"type\":\"Point\",\"coordinates\":{position}}}"),
        from ring in Ring
        select ("", $"{{\"type\":\"Polygon\",\"coordinates\":[[{string.Join(",", ring)}]]}}"),
        from rings in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Ring, n))
        select ("", $"{{\"type\":\"MultiPolygon\",\"coordinates\":[{string.Join(",", rings.Select(r => $"[[{string.Join(",", r)}]]"))}]}}"));

    private static Gen<string> GeneratedCollection =>
        from features in Gen.Choose(0, 3).SelectMany(n => Gen.ArrayOf(Features, n))
        select "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", features.Select((f, i) =>
            $"{{\"type\":\"Feature\",\"properties\":{{\"id\":\"v{i}\",\"name\":\"V\"{f.Properties}}},\"geometry\":{f.Geometry}}}")) + "]}";

    [Property(MaxTest = 1_000)]
    public Property Parse_MutatedMall_ThrowsOnlyVenueFileExceptionAndWhatParsesIndexes() => Prop.ForAll(MutatedMall.ToArbitrary(), LoadsAndIndexes);

    [Property(MaxTest = 500)]
    public Property Parse_GeneratedFeatures_ThrowsOnlyVenueFileExceptionAndWhatParsesIndexes() => Prop.ForAll(GeneratedCollection.ToArbitrary(), LoadsAndIndexes);

    [Property(MaxTest = 500)]
    public Property Parse_RandomBytes_ThrowsOnlyVenueFileException() =>
        Prop.ForAll(Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b)).Select(b => Encoding.UTF8.GetString(b)).ToArbitrary(), LoadsAndIndexes);

    private static bool LoadsAndIndexes(string geoJson)
    {
        VenueCatalog catalog;
        try
        {
            catalog = VenueCatalog.Parse(geoJson, "fuzz.geojson");
        }
        catch (VenueFileException ex)
        {
            return ex.Message.StartsWith("fuzz.geojson: ", StringComparison.Ordinal);
        }

        var index = FenceIndex.Build(catalog);
        var geofencer = new Geofencer(index, new GeofenceSettings { NearRadiusMeters = 500 });
        foreach (var (lat, lon) in new[] { (48.86, 2.34), (90.0, 180.0), (-90.0, -180.0), (0.0, 0.0) })
        {
            geofencer.Lookup(new LocationPing { Id = "p", CustomerId = "c", Timestamp = DateTimeOffset.UnixEpoch, Latitude = lat, Longitude = lon }, 500);
        }

        return true;
    }

    private static string Num(double d) => d.ToString("R", CultureInfo.InvariantCulture);

    private static string Mutate(string seed, (int Op, int At, string Token, int Length)[] mutations)
    {
        var s = new StringBuilder(seed);
        foreach (var (op, at, token, length) in mutations)
        {
            var i = at % (s.Length + 1);
            var n = Math.Min(length, s.Length - i);
            switch (op)
            {
                case 0: s.Insert(i, token); break;
                case 1: s.Remove(i, n); break;
                case 2: s.Length = i; break; // truncate
                case 3: s.Insert(i, s.ToString(i, n)); break; // repeat a stretch
                default: s.Remove(i, n).Insert(i, token); break; // replace a stretch
            }
        }

        return s.ToString();
    }
}
