using Momentary.Testing;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using Momentary.Core.Context;
using Momentary.Core.Geofencing;
using Momentary.Core.Messaging;
using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;
using Momentary.Host.Reloading;
using Momentary.Pipeline.Processing;

namespace Momentary.Host.Tests.Reloading;

/// <summary>
/// Hot reload of the rules and venues files in <c>run</c>: a valid edit is swapped in between signals, whether saved in
/// place or delivered as a Kubernetes ConfigMap update (a <c>..data</c> symlink swap); a broken file, or rules that no
/// longer fit new venues, is rejected with located errors and the running files stay; nothing thrown escapes.
/// </summary>
public sealed class EngineFilesTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);
    private static readonly TimeSpan NoPolling = TimeSpan.FromHours(1);
    private readonly string _dir = Directory.CreateTempSubdirectory("momentary-files-").FullName;
    private readonly ListLogger _log = new();

    private string RulesPath => Path.Combine(_dir, "rules.yaml");

    private string VenuesPath => Path.Combine(_dir, "venues.geojson");

    [Fact]
    public async Task BrokenEdit_IsRejectedWithLocatedErrors_ValidEdit_TakesEffectOnTheNextSignal()
    {
        Write(Rules(percent: 10), Venues(("shop", 2.34)));
        using var files = Load();
        files.Watch(NoPolling);
        var processor = await ProcessorAsync(files);

        Assert.Equal("10% off", (await Sedentary(processor, "s1")).Single().Message);

        // A broken edit: every error logged with its location, and the 10% rule stays.
        await ReplaceAsync(RulesPath, Rules(percent: 10).Replace("percent: 10", "percent: lots", StringComparison.Ordinal));
        await Eventually.HoldsAsync(() => _log.Errors.Count > 0, TimeSpan.FromSeconds(10), "the files' reload");
        Assert.Contains("rules.yaml:7:", _log.Errors[0], StringComparison.Ordinal);
        Assert.Contains("'percent' must be a number", _log.Errors[0], StringComparison.Ordinal);
        Assert.Equal("10% off", (await Sedentary(processor, "s2")).Single().Message);

        // A valid edit is swapped in atomically: the very next signal sees it.
        await ReplaceAsync(RulesPath, Rules(percent: 25));
        await Eventually.HoldsAsync(() => files.Reloads > 0, TimeSpan.FromSeconds(10), "the files' reload");
        Assert.Equal("25% off", (await Sedentary(processor, "s3")).Single().Message);
    }

    [Fact]
    public async Task ConfigMapUpdate_SymlinkSwapWithoutAnEventOnTheFile_IsAppliedWithItsHash()
    {
        // kubelet's layout: rules.yaml -> ..data/rules.yaml, ..data -> ..2026_11_24_v1; an update writes a new
        // timestamped directory and atomically renames a new ..data symlink over the old one.
        var v1 = Directory.CreateDirectory(Path.Combine(_dir, "..2026_11_24_v1")).FullName;
        File.WriteAllText(Path.Combine(v1, "rules.yaml"), Rules(percent: 10));
        File.WriteAllText(Path.Combine(v1, "venues.geojson"), Venues(("shop", 2.34)));
        File.CreateSymbolicLink(Path.Combine(_dir, "..data"), v1);
        File.CreateSymbolicLink(RulesPath, Path.Combine("..data", "rules.yaml"));
        File.CreateSymbolicLink(VenuesPath, Path.Combine("..data", "venues.geojson"));
        using var files = Load();
        files.Watch(NoPolling);
        var before = files.RulesInForce;

        var v2 = Directory.CreateDirectory(Path.Combine(_dir, "..2026_11_24_v2")).FullName;
        File.WriteAllText(Path.Combine(v2, "rules.yaml"), Rules(percent: 25));
        File.WriteAllText(Path.Combine(v2, "venues.geojson"), Venues(("shop", 2.34)));
        File.CreateSymbolicLink(Path.Combine(_dir, "..data_tmp"), v2);
        Assert.Equal(0, Rename(Path.Combine(_dir, "..data_tmp"), Path.Combine(_dir, "..data"))); // rename(2), atomic, as kubelet does

        await Eventually.HoldsAsync(() => files.Reloads == 1, TimeSpan.FromSeconds(10), "the files' reload");
        Assert.NotEqual(before.Hash, files.RulesInForce.Hash);
        var processor = await ProcessorAsync(files);
        Assert.Equal("25% off", (await Sedentary(processor, "s1")).Single().Message);
    }

    [Fact]
    public void VenuesChange_ThatRemovesAVenueARuleNames_IsRejectedAndBothFilesStay()
    {
        Write(ShopRule(), Venues(("shop", 2.34)));
        using var files = Load();
        var before = (files.Rules, files.Venues);
        File.WriteAllText(VenuesPath, Venues(("cafe", 2.35)));

        Assert.Equal(ReloadResult.Rejected, files.Reload());

        Assert.Equal(before, (files.Rules, files.Venues));
        Assert.Contains(_log.Errors, e => e.Contains("venues", StringComparison.Ordinal) && e.Contains("shop", StringComparison.Ordinal));
    }

    [Fact]
    public void VenuesAndRulesChangedTogether_AreAppliedTogether_AndAnUnchangedReloadDoesNothing()
    {
        Write(ShopRule(), Venues(("shop", 2.34)));
        using var files = Load();
        File.WriteAllText(VenuesPath, Venues(("cafe", 2.35)));
        File.WriteAllText(RulesPath, ShopRule().Replace("shop", "cafe", StringComparison.Ordinal));

        Assert.Equal(ReloadResult.Applied, files.Reload());
        Assert.Equal(ReloadResult.Unchanged, files.Reload());

        Assert.Single(Hits(files, 2.35));
        Assert.Empty(Hits(files, 2.34));
    }

    [Theory]
    [InlineData("version: 1\nrules:\n  - trigger:\n     : aurora }\n", "4:7")] // YamlDotNet threw ArgumentException
    [InlineData("version: 1\nsettings:\n  x: {\nrules", "3:6")] // InvalidOperationException from its scanner
    [InlineData("version: 1\nrules: []\nx: &a [*a]\n", "3:8")] // a cycle (as a key, a stack overflow)
    public void Reload_RulesFileThatCrashedTheYamlParser_IsRejectedWithALocatedErrorAndTheRulesStay(string broken, string location)
    {
        Write(Rules(percent: 10), Venues(("shop", 2.34)));
        using var files = Load();
        var before = files.Rules;
        File.WriteAllText(RulesPath, broken);

        Assert.Equal(ReloadResult.Rejected, files.Reload());

        Assert.Same(before, files.Rules);
        Assert.Contains(_log.Errors, e => e.Contains("rules.yaml:" + location + ":", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"type":"FeatureCollection","features":[1]}""")] // InvalidOperationException escaped the reload timer's callback
    [InlineData("""{"type":"FeatureCollection","features":[{"type":"Feature","properties":7}]}""")]
    public void Reload_VenuesFileThatThrewSomethingElse_IsRejectedAndTheOldIndexStays(string broken)
    {
        Write(Rules(percent: 10), Venues(("shop", 2.34)));
        using var files = Load();
        var before = files.Venues;
        File.WriteAllText(VenuesPath, broken);

        Assert.Equal(ReloadResult.Rejected, files.Reload());

        Assert.Same(before, files.Venues);
        Assert.Contains(_log.Errors, e => e.Contains("feature 0:", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("rules.yaml")]
    [InlineData("venues.geojson")]
    public void Reload_DirectoryInPlaceOfAFile_IsRejectedAndTheFilesStay(string name)
    {
        // Unix reports opening a directory as UnauthorizedAccessException, which escaped the old watchers.
        Write(Rules(percent: 10), Venues(("shop", 2.34)));
        using var files = Load();
        var before = (files.Rules, files.Venues);
        File.Delete(Path.Combine(_dir, name));
        Directory.CreateDirectory(Path.Combine(_dir, name));

        Assert.Equal(ReloadResult.Rejected, files.Reload());

        Assert.Equal(before, (files.Rules, files.Venues));
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private EngineFiles Load() => EngineFiles.Load(RulesPath, VenuesPath, _log, TimeProvider.System);

    private void Write(string rules, string venues)
    {
        File.WriteAllText(RulesPath, rules);
        File.WriteAllText(VenuesPath, venues);
    }

    // A processor over the files in force, with jane known (no offers for unknown customers).
    private static async Task<SignalProcessor> ProcessorAsync(EngineFiles files)
    {
        var store = new InMemoryContextStore();
        await store.UpsertProfileAsync(new CustomerProfile { CustomerId = "jane", Consent = new Dictionary<string, bool> { ["offers"] = true } });
        return new SignalProcessor(store, () => files.Rules, new Geofencer(() => files.Venues, new GeofenceSettings()), new FakeTimeProvider(Now), new PipelineSettings()) { RecordMetrics = false };
    }

    private static string Rules(int percent) => $"version: 1\nsettings: {{ maxOffersPerCustomerPerHour: 100 }}\nrules:\n  - id: nudge\n    trigger: {{ sedentary: {{ minutes: 50 }} }}\n    offer:\n      percent: {percent}\n      message: \"{{discount}} off\"\n      validFor: 30m\n    caps: {{ perCustomer: 100, window: 1h }}\n";

    private static string ShopRule() => "version: 1\nrules:\n  - id: shop-in\n    trigger: { enter: { venue: shop } }\n    offer: { percent: 10, message: \"{discount} off\", validFor: 1h }\n";

    private static string Venues(params (string Id, double Lon)[] venues) =>
        "{\"type\":\"FeatureCollection\",\"features\":[" + string.Join(",", venues.Select(v =>
            $"{{\"type\":\"Feature\",\"properties\":{{\"id\":\"{v.Id}\",\"name\":\"{v.Id}\",\"category\":\"x\",\"radiusM\":20}},\"geometry\":{{\"type\":\"Point\",\"coordinates\":[{v.Lon.ToString(CultureInfo.InvariantCulture)},48.86]}}}}")) + "]}";

    private static List<VenueProximity> Hits(EngineFiles files, double lon)
    {
        var hits = new List<VenueProximity>();
        files.Venues.Containing(48.86, lon, hits);
        return hits;
    }

    private static async Task<IReadOnlyList<Core.Offers.Offer>> Sedentary(SignalProcessor processor, string id)
    {
        var signal = new WearableReading { Id = id, CustomerId = "jane", Timestamp = Now, SedentaryMinutes = 55 };
        return (await processor.ProcessAsync(new InboundRecord("t", 0, 0, "jane", SignalCodec.Encode(signal), Now))).Offers;
    }

    // Edits land whole, as editors deliver them (write aside, then rename over).
    private static async Task ReplaceAsync(string path, string text)
    {
        var aside = path + ".tmp";
        await File.WriteAllTextAsync(aside, text);
        File.Move(aside, path, overwrite: true);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "rename", SetLastError = true)]
    private static extern int Rename(string from, string to);

    private sealed class ListLogger : ILogger
    {
        private readonly List<string> _errors = [];

        public List<string> Errors
        {
            get
            {
                lock (_errors)
                {
                    return [.. _errors];
                }
            }
        }

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel >= LogLevel.Error)
            {
                lock (_errors)
                {
                    _errors.Add(formatter(state, exception));
                }
            }
        }
    }
}
