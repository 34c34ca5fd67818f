using Momentary.Core.Context;
using Momentary.Core.Messaging;
using Momentary.Core.Rules;
using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;
using Momentary.Pipeline.Processing;

namespace Momentary.Pipeline.Tests.Support;

/// <summary>
/// The production processor over a rules text without venues (wearable, social and commerce rules), for tests that
/// drive it signal by signal; metrics off unless asked for.
/// </summary>
internal static class VenuelessProcessor
{
    public static SignalProcessor Create(string rules, ICustomerContextStore store, TimeProvider time, bool recordMetrics = false)
    {
        var book = RuleBookLoader.Parse(rules, "rules.yaml", new Dictionary<string, Core.Venues.Venue>());
        var venues = VenueCatalog.Parse("""{"type":"FeatureCollection","features":[]}""", "none");
        return new SignalProcessor(store, () => book, new Geofencer(FenceIndex.Build(venues), new GeofenceSettings()), time, new PipelineSettings()) { RecordMetrics = recordMetrics };
    }

    /// <summary>Processes <paramref name="signal"/> as a record of topic <c>t</c>, partition 0, offset 0, keyed by its customer.</summary>
    public static async Task<SignalOutcome> ProcessEncodedAsync(this SignalProcessor processor, Signal signal) =>
        await processor.ProcessAsync(new InboundRecord("t", 0, 0, signal.CustomerId, SignalCodec.Encode(signal), signal.Timestamp));
}
