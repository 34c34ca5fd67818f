using Microsoft.Extensions.Logging;
using Momentary.Core.Context;
using Momentary.Core.Messaging;
using Momentary.Core.Signals;
using Momentary.Core.Venues;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;
using Momentary.Host.Commands;
using Momentary.Host.Reloading;
using Momentary.Pipeline.Processing;

namespace Momentary.Pipeline.Tests.Backtesting;

/// <summary>Hot reload in <c>run</c>: a valid edit is swapped in between signals; a broken one is rejected and the running rules stay.</summary>
public sealed class RulesHotReloadTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 30, 0, TimeSpan.Zero);
    private readonly string _dir = Directory.CreateTempSubdirectory("momentary-rules-").FullName;

    [Fact]
    public async Task BrokenEdit_IsRejectedWithLocatedErrors_ValidEdit_TakesEffectOnTheNextSignal()
    {
        var path = Path.Combine(_dir, "rules.yaml");
        await File.WriteAllTextAsync(path, Rules(percent: 10));
        var log = new ListLogger();
        using var watcher = new RulesWatcher(path, new Dictionary<string, Venue>(), log);
        var store = new InMemoryContextStore();
        await store.UpsertProfileAsync(new CustomerProfile { CustomerId = "jane", Consent = new Dictionary<string, bool> { ["offers"] = true } });
        var processor = new SignalProcessor(store, () => watcher.Current, new Geofencer(FenceIndex.Build(VenueCatalog.Parse("""{"type":"FeatureCollection","features":[]}""", "none")), new GeofenceSettings()), new FixedClock(), new PipelineSettings()) { RecordMetrics = false };

        Assert.Equal("10% off", (await ProcessAsync(processor, "s1")).Single().Message);

        // A broken edit: the watcher logs every error with its location and keeps the 10% rule.
        await ReplaceAsync(path, Rules(percent: 10).Replace("percent: 10", "percent: lots", StringComparison.Ordinal));
        await WaitUntilAsync(() => log.Errors.Count > 0);
        Assert.Contains(":7:", log.Errors[0], StringComparison.Ordinal);
        Assert.Contains("'percent' must be a number", log.Errors[0], StringComparison.Ordinal);
        Assert.Equal("10% off", (await ProcessAsync(processor, "s2")).Single().Message);

        // A valid edit is swapped in atomically: the very next signal sees it.
        await ReplaceAsync(path, Rules(percent: 25));
        await WaitUntilAsync(() => watcher.Reloads > 0);
        Assert.Equal("25% off", (await ProcessAsync(processor, "s3")).Single().Message);
    }

    [Theory]
    [InlineData("version: 1\nrules:\n  - trigger:\n     : aurora }\n", "4:7")] // YamlDotNet threw ArgumentException
    [InlineData("version: 1\nsettings:\n  x: {\nrules", "3:6")] // InvalidOperationException from its scanner
    [InlineData("version: 1\nrules: []\nx: &a [*a]\n", "3:8")] // a cycle (as a key, a stack overflow)
    public void Reload_FileThatCrashedTheYamlParser_IsRejectedWithALocatedErrorAndTheRulesStay(string broken, string location)
    {
        var path = Path.Combine(_dir, "rules.yaml");
        File.WriteAllText(path, Rules(percent: 10));
        var log = new ListLogger();
        using var watcher = new RulesWatcher(path, new Dictionary<string, Venue>(), log);
        var before = watcher.Current;
        File.WriteAllText(path, broken);

        Assert.False(watcher.Reload());

        Assert.Same(before, watcher.Current);
        Assert.Contains(log.Errors, e => e.Contains("rules.yaml:" + location + ":", StringComparison.Ordinal)); // (the watcher's own timer may log it too)
    }

    [Fact]
    public void Reload_DirectoryInPlaceOfTheFile_IsRejectedAndTheRulesStay()
    {
        // Unix reports opening a directory as UnauthorizedAccessException, which escaped Reload (and the timer callback).
        var path = Path.Combine(_dir, "rules.yaml");
        File.WriteAllText(path, Rules(percent: 10));
        using var watcher = new RulesWatcher(path, new Dictionary<string, Venue>(), new ListLogger());
        var before = watcher.Current;
        File.Delete(path);
        Directory.CreateDirectory(path);

        Assert.False(watcher.Reload());

        Assert.Same(before, watcher.Current);
    }

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Rules(int percent) => $"version: 1\nsettings: {{ maxOffersPerCustomerPerHour: 100 }}\nrules:\n  - id: nudge\n    trigger: {{ sedentary: {{ minutes: 50 }} }}\n    offer:\n      percent: {percent}\n      message: \"{{discount}} off\"\n      validFor: 30m\n    caps: {{ perCustomer: 100, window: 1h }}\n";

    private static async Task<IReadOnlyList<Core.Offers.Offer>> ProcessAsync(SignalProcessor processor, string id)
    {
        var signal = new WearableReading { Id = id, CustomerId = "jane", Timestamp = Now, SedentaryMinutes = 55 };
        return (await processor.ProcessAsync(new InboundRecord("t", 0, 0, "jane", SignalCodec.Encode(signal), Now))).Offers;
    }

    // Edits land whole, as editors and Kubernetes ConfigMap updates deliver them (write aside, then rename over),
    // so a loaded machine cannot make the watcher read a half-written file.
    private static async Task ReplaceAsync(string path, string text)
    {
        var aside = path + ".tmp";
        await File.WriteAllTextAsync(aside, text);
        File.Move(aside, path, overwrite: true);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        for (var i = 0; i < 100 && !condition(); i++)
        {
            await Task.Delay(100);
        }

        Assert.True(condition(), "the watcher did not react within 10 s");
    }

    private sealed class FixedClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Now;
    }

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
