using System.Collections.Concurrent;
using System.Diagnostics;
using Momentary.Core.Geofencing;
using Momentary.Geo.Venues;

namespace Momentary.Geo.Tests.Geofencing;

public sealed class FenceIndexProviderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("momentary-venues-").FullName;

    [Fact]
    public void Provider_BrokenFileSaved_KeepsOldIndexAndReportsFeature_ThenAcceptsAFixedOne()
    {
        var path = Path.Combine(_dir, "venues.geojson");
        File.WriteAllText(path, Venues(("shop", 2.34)));
        var rejected = new ConcurrentQueue<string>();
        using var provider = new FenceIndexProvider(path, rejected.Enqueue);
        Assert.Single(Hits(provider, 2.34));

        File.WriteAllText(path, Venues(("shop", 2.34)).Replace("\"name\":\"shop\"", "\"nom\":\"shop\"", StringComparison.Ordinal));
        WaitUntil(() => !rejected.IsEmpty);
        Assert.Contains("feature 0: missing property 'name'", rejected.Single(), StringComparison.Ordinal);
        Assert.StartsWith(path, rejected.Single(), StringComparison.Ordinal);
        Assert.Single(Hits(provider, 2.34)); // the old index stays in force

        File.WriteAllText(path, Venues(("shop", 2.34), ("cafe", 2.35)));
        WaitUntil(() => provider.Reloads == 1);
        Assert.Single(Hits(provider, 2.35));
    }

    [Theory]
    [InlineData("""{"type":"FeatureCollection","features":[1]}""")] // InvalidOperationException escaped Reload, and the timer callback
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":7}]}""")]
    public void Reload_FileThatThrewSomethingElse_IsRejectedAndTheOldIndexStays(string broken)
    {
        var path = Path.Combine(_dir, "venues.geojson");
        File.WriteAllText(path, Venues(("shop", 2.34)));
        var rejected = new ConcurrentQueue<string>();
        using var provider = new FenceIndexProvider(path, rejected.Enqueue);
        var before = provider.Current;
        File.WriteAllText(path, broken);

        Assert.False(provider.Reload());

        Assert.Same(before, provider.Current);
        Assert.Contains(rejected, r => r.Contains("feature 0:", StringComparison.Ordinal)); // (the watcher's own timer may report it too)
    }

    [Fact]
    public void Reload_DirectoryInPlaceOfTheFile_IsRejectedAndTheOldIndexStays()
    {
        var path = Path.Combine(_dir, "venues.geojson");
        File.WriteAllText(path, Venues(("shop", 2.34)));
        var rejected = new ConcurrentQueue<string>();
        using var provider = new FenceIndexProvider(path, rejected.Enqueue);
        File.Delete(path);
        Directory.CreateDirectory(path);

        Assert.False(provider.Reload());

        Assert.Single(Hits(provider, 2.34));
        Assert.Contains(rejected, r => r.Contains("cannot read the file", StringComparison.Ordinal));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static List<VenueProximity> Hits(FenceIndexProvider provider, double lon)
    {
        var hits = new List<VenueProximity>();
        provider.Current.Containing(48.86, lon, hits);
        return hits;
    }

    private static string Venues(params (string Id, double Lon)[] venues) =>
        "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", venues.Select(v =>
            $"{{\"type\":\"Feature\",\"properties\":{{\"id\":\"{v.Id}\",\"name\":\"{v.Id}\",\"category\":\"x\",\"radiusM\":20}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{v.Lon.ToString(System.Globalization.CultureInfo.InvariantCulture)},48.86]}}}}")) + "]}";

    private static void WaitUntil(Func<bool> condition)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            Assert.True(waited.Elapsed < TimeSpan.FromSeconds(10), "condition not met in time");
            Thread.Sleep(10);
        }
    }
}
