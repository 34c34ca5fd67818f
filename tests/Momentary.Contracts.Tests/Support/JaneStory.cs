using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;
using Momentary.Core.Context;
using Momentary.Core.Import;
using Momentary.Core.Messaging;
using Momentary.Core.Rules;
using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;
using Momentary.Pipeline.Processing;
using Momentary.Testing;

namespace Momentary.Contracts.Tests.Support;

/// <summary>
/// The Jane back-test (docs/examples/jane) through the production processor with a clock that follows the signals, keeping
/// every record it would produce (offers, control records, dead letters) with its headers.
/// </summary>
internal static class JaneStory
{
    public static string Folder => RepoFiles.Path("docs", "examples", "jane");

    public static VenueCatalog Venues() => VenueCatalog.Load(RepoFiles.Path("src", "Momentary.Host", "Demo", "mall.geojson"));

    public static async Task<List<OutboundRecord>> RecordsAsync()
    {
        var catalog = Venues();
        var rules = RuleBookLoader.Load(Path.Combine(Folder, "rules.yaml"), catalog.Venues);
        var store = new InMemoryContextStore();
        using (var context = File.OpenText(Path.Combine(Folder, "context.ndjson")))
        {
            await new ContextImporter(store, maxInFlight: 1).ImportAsync(context);
        }

        var signals = File.ReadLines(Path.Combine(Folder, "signals.ndjson"))
            .Where(l => l.Length > 0)
            .Select(l => System.Text.Encoding.UTF8.GetBytes(l))
            .Select(b => (Bytes: b, Signal: SignalCodec.TryDecode(b, out var s, out _) ? s! : throw new InvalidDataException("a Jane signal does not decode")))
            .OrderBy(x => x.Signal.Timestamp)
            .ToList();
        var clock = new FakeTimeProvider(signals[0].Signal.Timestamp);
        var processor = new SignalProcessor(store, () => rules, new Geofencer(FenceIndex.Build(catalog), new GeofenceSettings()), clock, new PipelineSettings()) { RecordMetrics = false };
        var records = new List<OutboundRecord>();
        var offset = 0L;
        foreach (var (bytes, signal) in signals)
        {
            clock.SetUtcNow(signal.Timestamp);
            using var trace = new Activity("contract-test").SetIdFormat(ActivityIdFormat.W3C).Start(); // so offers carry a traceparent
            var outcome = await processor.ProcessAsync(new InboundRecord(TopicNames.Location, 0, offset++, signal.CustomerId, bytes, signal.Timestamp));
            records.AddRange(outcome.Outbound);
        }

        return records;
    }
}
