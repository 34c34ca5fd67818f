using Momentary.Core.Context;
using Momentary.Core.Messaging;
using Momentary.Core.Offers;
using Momentary.Core.Rules;
using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;

namespace Momentary.Pipeline.Processing;

/// <summary>Start-up warm-up: one-time costs paid before the first customer's signal.</summary>
public sealed partial class SignalProcessor
{
    /// <summary>
    /// Processes synthetic signals through a private processor (its own in-memory store, one-venue index and
    /// one rule), so one-time costs — JIT of the offer path and the platform crypto provider behind SHA-256,
    /// together about 15 ms — are paid at start-up rather than by the first customer. Touches no real store or topic.
    /// </summary>
    public static async Task WarmUpAsync()
    {
        const string venues = """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"id":"w","name":"W","category":"w","radiusM":50},"geometry":{"type":"Point","coordinates":[0,0]}}]}""";
        const string rules = "version: 1\nrules:\n  - id: w\n    trigger: { enter: { venue: w } }\n    when: { consent: offers, segments: [w], friends: { atLeast: 1, within: 1d } }\n    offer: { message: \"{discount} at {venue}\", percent: 1, validFor: 1h }\n";
        var catalog = Geo.Venues.VenueCatalog.Parse(venues, "warm-up");
        var book = RuleBookLoader.Parse(rules, "warm-up", catalog.Venues);
        var store = new InMemoryContextStore();
        var now = TimeProvider.System.GetUtcNow();
        await store.UpsertProfileAsync(new CustomerProfile { CustomerId = "w", Segments = ["w"], Consent = new Dictionary<string, bool> { ["offers"] = true } }).ConfigureAwait(false);
        await store.AddFriendshipAsync("w", "f").ConfigureAwait(false);
        var processor = new SignalProcessor(store, () => book, new Geofencer(FenceIndex.Build(catalog), new GeofenceSettings()), TimeProvider.System, new PipelineSettings()) { _measured = false };
        var checkIn = new SocialEvent { Id = "w1", CustomerId = "f", Timestamp = now, Action = SocialAction.CheckIn, VenueId = "w" };
        var ping = new LocationPing { Id = "w2", CustomerId = "w", Timestamp = now, Latitude = 0, Longitude = 0 };
        await processor.ProcessAsync(new InboundRecord("w", 0, 0, "f", SignalCodec.Encode(checkIn), now)).ConfigureAwait(false);
        await processor.ProcessAsync(new InboundRecord("w", 0, 1, "w", SignalCodec.Encode(ping), now)).ConfigureAwait(false);
        await processor.ProcessAsync(new InboundRecord("w", 0, 2, "w", "{"u8.ToArray(), now)).ConfigureAwait(false);
        foreach (var offer in (await processor.ProcessAsync(new InboundRecord("w", 0, 1, "w", SignalCodec.Encode(ping with { Id = "w3" }), now)).ConfigureAwait(false)).Offers)
        {
            OfferCodec.Decode(OfferCodec.Encode(offer));
        }
    }
}
