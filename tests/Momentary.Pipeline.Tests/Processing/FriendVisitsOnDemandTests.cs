using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;
using Momentary.Core.Context;
using Momentary.Core.Rules;
using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;
using Momentary.Pipeline.Processing;
using Momentary.Pipeline.Tests.Support;

namespace Momentary.Pipeline.Tests.Processing;

/// <summary>
/// Friends' visits are read only when a rule gets as far as needing them, and only for the venues it asked about
/// (docs/context-store.md, "Friends' visits joined when a rule asks"); the offers are those of a full join.
/// </summary>
public sealed class FriendVisitsOnDemandTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);

    // Two 20 m x 15 m shops side by side at 48.86 N: "shop" (fashion) and "cafe" (food), 30 m apart.
    private const string Venues = """
        {"type":"FeatureCollection","features":[
          {"type":"Feature","properties":{"id":"shop","name":"Shop","category":"fashion"},
           "geometry":{"type":"Polygon","coordinates":[[[2.34,48.86],[2.3402731,48.86],[2.3402731,48.8601350],[2.34,48.8601350],[2.34,48.86]]]}},
          {"type":"Feature","properties":{"id":"cafe","name":"Cafe","category":"food"},
           "geometry":{"type":"Polygon","coordinates":[[[2.3406,48.86],[2.3408731,48.86],[2.3408731,48.8601350],[2.3406,48.8601350],[2.3406,48.86]]]}}
        ]}
        """;

    private const string Rules = """
        version: 1
        settings: { maxOffersPerCustomerPerHour: 100 }
        rules:
          - id: shop-friends
            trigger: { enter: { venue: shop } }
            when: { consent: offers, friends: { atLeast: 1, within: 14d } }
            offer: { message: "{friends} friend(s) shopped here", percent: 10, validFor: 1h }
            caps: { perCustomer: 100, window: 1d }
        """;

    // A friendCheckIn trigger looks at the cafe on every ping within 100 m of it.
    private const string NearRule = """
          - id: cafe-friends-now
            trigger: { friendCheckIn: { venue: cafe, within: 1h, radius: 100m } }
            when: { consent: offers }
            offer: { message: "a friend is at the cafe", percent: 5, validFor: 1h }
            caps: { perCustomer: 100, window: 1d }
        """;

    private readonly RecordingStore _store = new(new InMemoryContextStore());
    private SignalProcessor _processor;

    public FriendVisitsOnDemandTests()
    {
        _processor = Processor(Rules);
    }

    private SignalProcessor Processor(string rules)
    {
        var venues = VenueCatalog.Parse(Venues, "shops.geojson");
        var book = RuleBookLoader.Parse(rules, "shops.yaml", venues.Venues);
        return new SignalProcessor(_store, () => book, new Geofencer(FenceIndex.Build(venues), new GeofenceSettings()), new FakeTimeProvider(Now.AddMinutes(1)), new PipelineSettings()) { RecordMetrics = false };
    }

    private async Task Customer(string id, bool consent)
    {
        await _store.UpsertProfileAsync(new CustomerProfile { CustomerId = id, Consent = new Dictionary<string, bool> { ["offers"] = consent } });
    }

    // The customer, and their friend tom who checked in at the venue some time ago.
    private async Task FriendVisited(string customer, bool consent, string venue, TimeSpan ago)
    {
        await Customer(customer, consent);
        await _store.AddFriendshipAsync(customer, "tom");
        await _store.RecordCheckInAsync("tom", venue, Now - ago, TimeSpan.FromDays(30));
    }

    private Task<SignalOutcome> Ping(string customer, string id, double lat, double lon, int second) =>
        _processor.ProcessEncodedAsync(new LocationPing { Id = id, CustomerId = customer, Timestamp = Now.AddSeconds(second), Latitude = lat, Longitude = lon, AccuracyMeters = 5 });

    [Fact]
    public async Task EnteringWithAFriendsVisit_ReadsTheVisitsOfThatVenueOnly_AndIssuesTheOffer()
    {
        await FriendVisited("jane", consent: true, "shop", TimeSpan.FromDays(2));

        var outcome = await Ping("jane", "p-1", 48.86007, 2.34013, 0);

        Assert.Equal(SignalOutcomeKind.Offers, outcome.Kind);
        Assert.Contains(outcome.Offers, o => o.RuleId == "shop-friends" && o.Message.StartsWith("1 friend", StringComparison.Ordinal));
        var joins = _store.FriendVisitLoads("jane");
        Assert.Equal([["shop"]], joins);
    }

    [Fact]
    public async Task EnteringWithoutConsent_StopsBeforeTheFriendsCondition_AndReadsNoVisits()
    {
        await FriendVisited("ann", consent: false, "shop", TimeSpan.FromDays(2));

        var outcome = await Ping("ann", "p-1", 48.86007, 2.34013, 0);

        Assert.Equal(NoOfferReason.Consent, outcome.Reason);
        Assert.Empty(_store.FriendVisitLoads("ann"));
    }

    [Fact]
    public async Task StayingInside_FiresNoEnterTrigger_AndReadsNoVisits()
    {
        await FriendVisited("jane", consent: true, "shop", TimeSpan.FromDays(2));
        await Ping("jane", "p-1", 48.86007, 2.34013, 0);
        var before = _store.FriendVisitLoads("jane").Count;

        await Ping("jane", "p-2", 48.86008, 2.34014, 20);

        Assert.Equal(before, _store.FriendVisitLoads("jane").Count);
    }

    [Fact]
    public async Task EnteringWithNoFriendsVisit_ReadsOnce_AndReportsTheFriendsCondition()
    {
        await Customer("jane", consent: true);

        var outcome = await Ping("jane", "p-1", 48.86007, 2.34013, 0);

        Assert.Equal(NoOfferReason.Friends, outcome.Reason);
        Assert.Equal([["shop"]], _store.FriendVisitLoads("jane"));
    }

    [Fact]
    public async Task AFriendCheckInTriggerNearAVenue_ReadsTheVisitsOfTheVenuesItLooksAt()
    {
        _processor = Processor(Rules + "\n" + NearRule);
        await FriendVisited("jane", consent: true, "cafe", TimeSpan.FromMinutes(10));

        var outcome = await Ping("jane", "p-1", 48.86007, 2.34013, 0); // in the shop, 40 m from the cafe

        Assert.Contains(outcome.Offers, o => o.RuleId == "cafe-friends-now");
        Assert.Equal([["shop", "cafe"]], _store.FriendVisitLoads("jane")); // the shop's rule (entered) and the cafe's (near), in one read
    }

    [Fact]
    public async Task APingNearNoVenue_ReadsNoVisits()
    {
        await Customer("jane", consent: true);
        await _store.AddFriendshipAsync("jane", "tom");

        await Ping("jane", "p-1", 48.87, 2.35, 0);

        Assert.Empty(_store.FriendVisitLoads("jane"));
    }

    // Records, per customer, the venues of each load that asked for friends' visits.
    private sealed class RecordingStore(ICustomerContextStore inner) : DelegatingContextStore(inner)
    {
        private readonly ConcurrentDictionary<string, List<string[]>> _joins = new(StringComparer.Ordinal);

        public List<string[]> FriendVisitLoads(string customer) => _joins.TryGetValue(customer, out var loads) ? loads : [];

        public override ValueTask<CustomerContext> LoadAsync(ContextQuery query, CancellationToken cancellationToken = default)
        {
            if (query.Parts.HasFlag(ContextParts.FriendVisits) && query.VenueIds.Count > 0)
            {
                _joins.GetOrAdd(query.CustomerId, _ => []).Add([.. query.VenueIds]);
            }

            return base.LoadAsync(query, cancellationToken);
        }
    }
}
