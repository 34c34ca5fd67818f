using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Momentary.Core.Geofencing;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;

namespace Momentary.Geo.Tests.Geofencing;

/// <summary>
/// Containment and distance against geometry built independently: points placed with the great-circle
/// destination formula on a sphere, around circle and square fences anywhere from 80°S to 80°N, including
/// across the antimeridian.
/// </summary>
public sealed class GeometryPropertyTests
{
    private const double EarthRadius = 6_371_008.8;

    private static Arbitrary<(double Lat, double Lon, double Radius, double Distance, double Bearing)> Cases =>
        (from lat in Gen.Choose(-80_000, 80_000)
         from lon in Gen.Choose(-180_000, 180_000)
         from radius in Gen.Choose(5, 2_000)
         from factor in Gen.Choose(0, 300)
         from bearing in Gen.Choose(0, 359)
         select (lat / 1000.0, lon / 1000.0, (double)radius, radius * factor / 100.0, (double)bearing)).ToArbitrary();

    [Property(MaxTest = 300)]
    public Property CircleFence_ContainsExactlyThePointsWithinItsRadius() => Prop.ForAll(Cases, c =>
    {
        var (lat, lon) = Destination(c.Lat, c.Lon, c.Distance, c.Bearing);
        var index = Index(Circle("f", c.Lat, c.Lon, c.Radius));
        var hits = new List<VenueProximity>();
        index.Containing(lat, lon, hits);

        // Sphere vs ellipsoid-based local frame: allow 0.5% of the distance at the boundary.
        var margin = (0.005 * c.Distance) + 0.01;
        return c.Distance < c.Radius - margin ? hits.Count == 1
            : c.Distance > c.Radius + margin ? hits.Count == 0
            : true;
    });

    [Property(MaxTest = 300)]
    public Property CircleFence_DistanceToItsEdgeMatchesGreatCircleDistance() => Prop.ForAll(Cases, c =>
    {
        var (lat, lon) = Destination(c.Lat, c.Lon, c.Distance, c.Bearing);
        var index = Index(Circle("f", c.Lat, c.Lon, c.Radius));
        var near = new List<VenueProximity>();
        index.Near(lat, lon, 10_000, near);
        var expected = Math.Max(0, c.Distance - c.Radius);
        return near.Count == 1 && Math.Abs(near[0].DistanceMeters - expected) <= (0.006 * c.Distance) + 0.05;
    });

    [Property(MaxTest = 200)]
    public Property SquareFence_ContainsItsCentreAndNotAPointTwiceItsSizeAway() => Prop.ForAll(Cases, c =>
    {
        var half = c.Radius;
        var (n, _) = Destination(c.Lat, c.Lon, half, 0);
        var (s, _) = Destination(c.Lat, c.Lon, half, 180);
        var (_, e) = Destination(c.Lat, c.Lon, half, 90);
        var (_, w) = Destination(c.Lat, c.Lon, half, 270);
        var index = Index(Square("sq", s, n, w, e));
        var inside = new List<VenueProximity>();
        index.Containing(c.Lat, c.Lon, inside);
        var (farLat, farLon) = Destination(c.Lat, c.Lon, half * 3, c.Bearing);
        var outside = new List<VenueProximity>();
        index.Containing(farLat, farLon, outside);
        return inside.Count == 1 && outside.Count == 0;
    });

    [Theory]
    [InlineData(179.9995)]
    [InlineData(-179.9995)]
    public void Antimeridian_FenceAcrossTheLine_ContainsPointsOnBothSides(double lon)
    {
        var index = Index(Square("dateline", -17.001, -16.999, 179.999, -179.999));
        var hits = new List<VenueProximity>();
        index.Containing(-17.0, lon, hits);
        Assert.Equal("dateline", Assert.Single(hits).Venue.Id);
    }

    [Fact]
    public void Antimeridian_NearQuery_FindsAVenueOnTheOtherSide()
    {
        var index = Index(Circle("east", 0, -179.9995, 10));
        var near = new List<VenueProximity>();
        index.Near(0, 179.9995, 500, near);

        // 0.001 degree of longitude at the equator is 111.3 m; minus the 10 m radius.
        Assert.InRange(Assert.Single(near).DistanceMeters, 100.5, 102.0);
    }

    [Fact]
    public void HighLatitude_DistancesUseTheShrunkenLongitude()
    {
        // At 78°N (Svalbard) a degree of longitude is ~23.2 km, not 111 km.
        var index = Index(Circle("longyearbyen", 78.0, 15.0, 10));
        var near = new List<VenueProximity>();
        index.Near(78.0, 15.01, 1_000, near);
        Assert.InRange(Assert.Single(near).DistanceMeters, 221, 224); // 232.0 m - 10 m radius
    }

    [Fact]
    public void GridLookup_AgreesWithNtsCoversOverEveryFence_ForHolesMultipolygonsCirclesAndLargeFences()
    {
        // A dense district of small squares and circles, a donut (its hole must not contain), a two-part venue, a
        // triangle, and one fence far larger than a grid cell (looked up through the large-fence tree).
        var rng = new Random(5);
        var features = new List<string>();
        for (var i = 0; i < 1500; i++)
        {
            var (lat, lon) = (48.85 + (rng.NextDouble() * 0.02), 2.33 + (rng.NextDouble() * 0.03));
            var size = 0.0001 + (rng.NextDouble() * 0.0004);
            features.Add(i % 3 == 0 ? Circle($"c{i}", lat, lon, 5 + (rng.NextDouble() * 40)) : Square($"s{i}", lat, lat + size, lon, lon + size));
        }

        features.Add(Polygonal("donut", "Polygon", "[[[2.340,48.860],[2.346,48.860],[2.346,48.864],[2.340,48.864],[2.340,48.860]],[[2.342,48.861],[2.344,48.861],[2.344,48.863],[2.342,48.863],[2.342,48.861]]]"));
        features.Add(Polygonal("twin", "MultiPolygon", "[[[[2.350,48.855],[2.352,48.855],[2.352,48.857],[2.350,48.857],[2.350,48.855]]],[[[2.354,48.855],[2.356,48.855],[2.356,48.857],[2.354,48.857],[2.354,48.855]]]]"));
        features.Add(Polygonal("wedge", "Polygon", "[[[2.335,48.866],[2.339,48.866],[2.335,48.869],[2.335,48.866]]]"));
        features.Add(Square("park", 48.84, 48.88, 2.32, 2.37));
        var catalog = VenueCatalog.Parse($"{{\"type\":\"FeatureCollection\",\"features\":[{string.Join(",", features)}]}}", "generated");
        var index = FenceIndex.Build(catalog);

        var hits = new List<VenueProximity>();
        var checkedInside = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var (lat, lon) = (48.845 + (rng.NextDouble() * 0.03), 2.325 + (rng.NextDouble() * 0.04));
            var expected = catalog.Fences.Where(f => Reference(f, lat, lon)).Select(f => f.Venue.Id).Order(StringComparer.Ordinal).ToList();
            hits.Clear();
            index.Containing(lat, lon, hits);
            Assert.Equal(expected, hits.Select(h => h.Venue.Id).Order(StringComparer.Ordinal).ToList());
            checkedInside += expected.Count(id => id != "park");
        }

        Assert.True(checkedInside > 1000, $"only {checkedInside} hits on small fences: the test would not exercise them");
        hits.Clear();
        index.Containing(48.862, 2.343, hits); // in the donut's hole
        Assert.DoesNotContain(hits, h => h.Venue.Id == "donut");
    }

    // NTS's own Covers in the fence's metric frame, or the circle's radius: what the ring test must agree with.
    private static bool Reference(Fence fence, double lat, double lon)
    {
        var (x, y) = fence.Frame.Project(lat, lon);
        return fence.Shape is { } shape
            ? shape.Covers(new NetTopologySuite.Geometries.Point(x, y))
            : fence.DistanceMeters(lat, lon) == 0;
    }

    private static string Polygonal(string id, string type, string coordinates) =>
        $"{{\"type\":\"Feature\",\"properties\":{{\"id\":\"{id}\",\"name\":\"{id}\"}},\"geometry\":{{\"type\":\"{type}\",\"coordinates\":{coordinates}}}}}";

    private static FenceIndex Index(string feature) => FenceIndex.Build(VenueCatalog.Parse($"{{\"type\":\"FeatureCollection\",\"features\":[{feature}]}}", "generated"));

    private static string Circle(string id, double lat, double lon, double radius) => string.Create(
        CultureInfo.InvariantCulture,
        $"{{\"type\":\"Feature\",\"properties\":{{\"id\":\"{id}\",\"name\":\"{id}\",\"radiusM\":{radius}}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{lon},{lat}]}}}}");

    private static string Square(string id, double south, double north, double west, double east) => string.Create(
        CultureInfo.InvariantCulture,
        $"{{\"type\":\"Feature\",\"properties\":{{\"id\":\"{id}\",\"name\":\"{id}\"}},\"geometry\":{{\"type\":\"Polygon\",\"coordinates\":[[[{west},{south}],[{east},{south}],[{east},{north}],[{west},{north}],[{west},{south}]]]}}}}");

    // Great-circle destination on a sphere: independent of the local frame the index uses.
    private static (double Lat, double Lon) Destination(double lat, double lon, double meters, double bearingDegrees)
    {
        var d = meters / EarthRadius;
        var b = bearingDegrees * Math.PI / 180;
        var p1 = lat * Math.PI / 180;
        var l1 = lon * Math.PI / 180;
        var p2 = Math.Asin((Math.Sin(p1) * Math.Cos(d)) + (Math.Cos(p1) * Math.Sin(d) * Math.Cos(b)));
        var l2 = l1 + Math.Atan2(Math.Sin(b) * Math.Sin(d) * Math.Cos(p1), Math.Cos(d) - (Math.Sin(p1) * Math.Sin(p2)));
        var lonOut = ((l2 * 180 / Math.PI) + 540) % 360 - 180;
        return (p2 * 180 / Math.PI, lonOut);
    }
}
