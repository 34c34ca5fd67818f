using System.Text.Json;
using Momentary.Core.Venues;
using Momentary.Geo.Geofencing;
using NetTopologySuite.Geometries;

namespace Momentary.Geo.Venues;

/// <summary>
/// Venues and their fences, read from a GeoJSON FeatureCollection (format: <c>docs/geofencing.md</c>).
/// Each feature has properties <c>id</c>, <c>name</c>, <c>category</c> and a geometry: Polygon, MultiPolygon,
/// or Point with a <c>radiusM</c> property (a circle). Every problem found is reported with the feature's index.
/// </summary>
public sealed class VenueCatalog
{
    private static readonly GeometryFactory Degrees = new();

    private VenueCatalog(string source, IReadOnlyDictionary<string, Venue> venues, IReadOnlyList<Fence> fences, IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> openingHours)
    {
        Source = source;
        Venues = venues;
        Fences = fences;
        OpeningHours = openingHours;
    }

    /// <summary>The file or name the venues came from.</summary>
    public string Source { get; }

    /// <summary>Venues by id.</summary>
    public IReadOnlyDictionary<string, Venue> Venues { get; }

    /// <summary>Opening hours by venue id (only venues that declare them): day spec (<c>mon</c>, <c>mon-sat</c>, <c>sun</c>) → <c>HH:mm-HH:mm</c>, venue local time.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> OpeningHours { get; }

    internal IReadOnlyList<Fence> Fences { get; }

    /// <summary>Reads and validates a GeoJSON file.</summary>
    /// <exception cref="VenueFileException">Unreadable or invalid; the message names file, feature and problem.</exception>
    public static VenueCatalog Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new VenueFileException(path, null, "cannot read the file: " + ex.Message);
        }

        return Parse(text, path);
    }

    /// <summary>Parses and validates GeoJSON text.</summary>
    /// <exception cref="VenueFileException">Invalid; the message names the source, feature and problem.</exception>
    public static VenueCatalog Parse(string geoJson, string sourceName)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(geoJson);
        }
        catch (JsonException ex)
        {
            throw new VenueFileException(sourceName, null, $"not valid JSON (line {ex.LineNumber + 1})");
        }
        catch (ArgumentException)
        {
            // Text (not a file: reading one replaces bad bytes) holding an unpaired UTF-16 surrogate cannot be transcoded.
            throw new VenueFileException(sourceName, null, "not valid JSON (an unpaired UTF-16 surrogate)");
        }

        using (doc)
        {
            return Read(doc.RootElement, sourceName);
        }
    }

    // Every problem is a VenueFileException naming the feature. The checks above each access are the first line;
    // the last-resort catch is the second, so a shape nobody foresaw still stops at this trust boundary (a reload
    // timer's callback must never see an exception: it would end the process).
    private static VenueCatalog Read(JsonElement root, string sourceName)
    {
        var index = 0;
        try
        {
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("features", out var features) || features.ValueKind != JsonValueKind.Array)
            {
                throw new VenueFileException(sourceName, null, "expected a GeoJSON FeatureCollection with a 'features' array");
            }

            var venues = new Dictionary<string, Venue>(StringComparer.Ordinal);
            var fences = new List<Fence>();
            var hours = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
            foreach (var feature in features.EnumerateArray())
            {
                var fence = ReadFeature(feature, sourceName, index);
                if (!venues.TryAdd(fence.Venue.Id, fence.Venue))
                {
                    throw new VenueFileException(sourceName, index, $"duplicate venue id '{fence.Venue.Id}'");
                }

                fences.Add(fence);
                if (ReadOpeningHours(feature, sourceName, index) is { } h)
                {
                    hours[fence.Venue.Id] = h;
                }

                index++;
            }

            return new VenueCatalog(sourceName, venues, fences, hours);
        }
        catch (Exception ex) when (ex is not (VenueFileException or OutOfMemoryException))
        {
            throw new VenueFileException(sourceName, index, $"cannot be read ({ex.GetType().Name}: {ex.Message})");
        }
    }

    private static Fence ReadFeature(JsonElement feature, string source, int index)
    {
        VenueFileException Fail(string problem) => new(source, index, problem);
        if (feature.ValueKind != JsonValueKind.Object)
        {
            throw Fail("a feature must be a JSON object");
        }

        if (!feature.TryGetProperty("properties", out var props) || props.ValueKind != JsonValueKind.Object)
        {
            throw Fail("missing 'properties'");
        }

        var id = Text(props, "id") ?? throw Fail("missing property 'id'");
        var name = Text(props, "name") ?? throw Fail("missing property 'name'");
        var category = Text(props, "category") ?? "uncategorised";
        var venue = new Venue(id, name, category);
        if (!feature.TryGetProperty("geometry", out var geometry) || geometry.ValueKind != JsonValueKind.Object)
        {
            throw Fail("missing 'geometry'");
        }

        var type = Text(geometry, "type");
        if (!geometry.TryGetProperty("coordinates", out var coordinates))
        {
            throw Fail("geometry has no 'coordinates'");
        }

        try
        {
            switch (type)
            {
                case "Point":
                    if (!props.TryGetProperty("radiusM", out var r) || r.ValueKind != JsonValueKind.Number || !r.TryGetDouble(out var radius) || !(radius > 0) || radius > 50_000)
                    {
                        throw Fail("a Point venue needs a 'radiusM' property between 0 and 50000 metres");
                    }

                    var c = ReadPosition(coordinates);
                    return Fence.Circle(venue, c.Y, c.X, radius);
                case "Polygon":
                    return Fence.Polygonal(venue, Valid(ReadPolygon(coordinates), Fail));
                case "MultiPolygon":
                    var polygons = coordinates.EnumerateArray().Select(ReadPolygon).ToArray();
                    return Fence.Polygonal(venue, Valid(Degrees.CreateMultiPolygon(polygons), Fail));
                default:
                    throw Fail($"geometry type '{type}' is not supported (Polygon, MultiPolygon, or Point with radiusM)");
            }
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or FormatException or IndexOutOfRangeException)
        {
            throw Fail("invalid coordinates: " + ex.Message);
        }
    }

    private static readonly string[] Days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    private static Dictionary<string, string>? ReadOpeningHours(JsonElement feature, string source, int index)
    {
        if (!feature.GetProperty("properties").TryGetProperty("openingHours", out var hours) || hours.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (hours.ValueKind != JsonValueKind.Object)
        {
            throw new VenueFileException(source, index, "'openingHours' must map days to times, e.g. {\"mon-sat\":\"10:00-20:00\"}");
        }

        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var day in hours.EnumerateObject())
        {
            var days = day.Name.Split('-');
            var time = day.Value.ValueKind == JsonValueKind.String ? day.Value.GetString()! : string.Empty;
            var parts = time.Split('-');
            if (days.Length > 2 || Array.Exists(days, d => Array.IndexOf(Days, d) < 0)
                || parts.Length != 2 || !TimeOnly.TryParseExact(parts[0], "HH:mm", out _) || !TimeOnly.TryParseExact(parts[1], "HH:mm", out _))
            {
                throw new VenueFileException(source, index, $"opening hours '{day.Name}': '{time}' is not 'HH:mm-HH:mm' for a day or day range (mon..sun)");
            }

            result[day.Name] = time;
        }

        return result;
    }

    private static Geometry Valid(Geometry g, Func<string, VenueFileException> fail) =>
        g.IsValid && !g.IsEmpty ? g : throw fail("invalid polygon (self-intersecting, unclosed or empty ring)");

    private static Polygon ReadPolygon(JsonElement rings)
    {
        var linear = rings.EnumerateArray().Select(ring => Degrees.CreateLinearRing(ring.EnumerateArray().Select(ReadPosition).ToArray())).ToArray();
        if (linear.Length == 0)
        {
            throw new ArgumentException("a polygon needs at least one ring");
        }

        return Degrees.CreatePolygon(linear[0], linear[1..]);
    }

    private static Coordinate ReadPosition(JsonElement position)
    {
        var lon = position[0].GetDouble();
        var lat = position[1].GetDouble();
        if (!double.IsFinite(lon) || !double.IsFinite(lat) || lon is < -180 or > 180 || lat is < -90 or > 90)
        {
            throw new ArgumentException("positions must be [longitude, latitude] within [-180, 180] and [-90, 90]");
        }

        return new Coordinate(lon, lat);
    }

    private static string? Text(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s ? s : null;
}
