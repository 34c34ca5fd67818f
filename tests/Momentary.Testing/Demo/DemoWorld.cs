using Momentary.Core.Context;
using Momentary.Core.Messaging;
using Momentary.Core.Rules;
using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;
using Momentary.Host.Demo;
using Momentary.Pipeline.Processing;

namespace Momentary.Testing.Demo;

/// <summary>The demo mall, rules and people, wired to a processor over a given store: the fixture for graph tests.</summary>
public sealed class DemoWorld
{
    public static readonly DateTimeOffset Start = new(2026, 11, 24, 10, 40, 0, TimeSpan.Zero);

    public DemoWorld(ICustomerContextStore store, TimeProvider time, PipelineSettings? settings = null)
    {
        Store = store;
        Catalog = VenueCatalog.Load(Path.Combine(AppContext.BaseDirectory, "Demo", "mall.geojson"));
        Rules = RuleBookLoader.Load(Path.Combine(AppContext.BaseDirectory, "Demo", "demo-rules.yaml"), Catalog.Venues);
        Settings = settings ?? new PipelineSettings();
        Processor = new SignalProcessor(store, () => Rules, new Geofencer(FenceIndex.Build(Catalog), new GeofenceSettings()), time, Settings);
    }

    public ICustomerContextStore Store { get; }

    public VenueCatalog Catalog { get; }

    public RuleBook Rules { get; }

    public PipelineSettings Settings { get; }

    public SignalProcessor Processor { get; }

    public Task SeedAsync() => DemoScenario.SeedAsync(Store, Start, CancellationToken.None);

    /// <summary>Every walker's pings as inbound records, one walker after another, offsets from 0.</summary>
    public static List<InboundRecord> Walks(string suffix = "")
    {
        var records = new List<InboundRecord>();
        foreach (var person in DemoScenario.Walkers)
        {
            foreach (var ping in DemoScenario.Walk(person.CustomerId, Start))
            {
                records.Add(Record(ping with { Id = ping.Id + suffix }, records.Count));
            }
        }

        return records;
    }

    public static InboundRecord Record(Signal signal, long offset) =>
        new("momentary.signals.location.v1", 0, offset, signal.CustomerId, SignalCodec.Encode(signal), signal.Timestamp);
}
