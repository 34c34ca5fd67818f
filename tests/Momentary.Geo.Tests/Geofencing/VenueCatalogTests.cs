using Momentary.Geo.Venues;

namespace Momentary.Geo.Tests.Geofencing;

public sealed class VenueCatalogTests
{
    [Fact]
    public void Parse_OpeningHours_AreKeptPerVenue()
    {
        var catalog = VenueCatalog.Load(Path.Combine(AppContext.BaseDirectory, "mall.geojson"));
        Assert.Equal("10:00-20:00", catalog.OpeningHours["aurora"]["mon-sat"]);
        Assert.False(catalog.OpeningHours.ContainsKey("kiosk"));
    }

    [Theory]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"name":"x"},"geometry":{"type":"Point","coordinates":[2,48]}}]}""", "feature 0: missing property 'id'")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a","name":"x"},"geometry":{"type":"Point","coordinates":[2,48]}}]}""", "feature 0: a Point venue needs a 'radiusM'")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a","name":"x","radiusM":5},"geometry":{"type":"Point","coordinates":[200,48]}}]}""", "feature 0: invalid coordinates")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a","name":"x","radiusM":5},"geometry":{"type":"Point","coordinates":[2,48]}},{"type":"Feature","properties":{"id":"a","name":"y","radiusM":5},"geometry":{"type":"Point","coordinates":[2,48]}}]}""", "feature 1: duplicate venue id 'a'")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a","name":"x"},"geometry":{"type":"Polygon","coordinates":[[[0,0],[1,1],[1,0],[0,1],[0,0]]]}}]}""", "feature 0: invalid polygon")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a","name":"x","radiusM":5,"openingHours":{"mon-fri":"9-17"}},"geometry":{"type":"Point","coordinates":[2,48]}}]}""", "feature 0: opening hours 'mon-fri': '9-17' is not 'HH:mm-HH:mm'")]
    [InlineData("""{"type":"Feature"}""", "expected a GeoJSON FeatureCollection")]
    [InlineData("""{"type":""", "not valid JSON")]
    [InlineData("""{"type":"FeatureCollection","features":[1]}""", "feature 0: a feature must be a JSON object")] // was InvalidOperationException
    [InlineData("""{"type":"FeatureCollection","features":[null]}""", "feature 0: a feature must be a JSON object")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a","name":"x","radiusM":5},"geometry":{"type":"Point","coordinates":[2,48]}},"x"]}""", "feature 1: a feature must be a JSON object")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a","name":"x"},"geometry":{"type":"MultiPolygon","coordinates":[[[[0,0],[0,1],[1,1],[0,0]]],7]}}]}""", "feature 0: invalid coordinates")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a","name":"x","radiusM":5},"geometry":{"type":"Point","coordinates":[1e999,48]}}]}""", "feature 0: invalid coordinates")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a","name":"x","radiusM":5},"geometry":{"type":"Point","coordinates":[2]}}]}""", "feature 0: invalid coordinates")]
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"a","name":"x","radiusM":5,"openingHours":[1]},"geometry":{"type":"Point","coordinates":[2,48]}}]}""", "feature 0: 'openingHours' must map days to times")]
    [InlineData("[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]]", "not valid JSON")]
    public void Parse_BrokenFile_NamesFeatureAndProblem(string json, string expected)
    {
        var ex = Assert.Throws<VenueFileException>(() => VenueCatalog.Parse(json, "venues.geojson"));
        Assert.StartsWith("venues.geojson: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TextWithAnUnpairedSurrogate_ThrowsVenueFileException()
    {
        // Built in code: test-case serialisation would replace the lone surrogate. It made JsonDocument.Parse throw ArgumentException.
        var json = "{\"type\":\"FeatureCollection\",\"features\":[{\"name\":\"" + '\ud800' + "\"}]}";

        var ex = Assert.Throws<VenueFileException>(() => VenueCatalog.Parse(json, "venues.geojson"));

        Assert.Contains("not valid JSON", ex.Message, StringComparison.Ordinal);
    }
}
