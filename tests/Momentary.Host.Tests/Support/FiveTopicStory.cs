using Momentary.Core.Context;
using Momentary.Core.Messaging;
using Momentary.Core.Signals;
using Momentary.Pipeline.Processing;

namespace Momentary.Host.Tests.Support;

/// <summary>
/// Customers of the demo mall whose signals arrive on all five signal topics (location, wearable, social, commerce,
/// redemptions), seeded, each customer's signals seconds apart and all within the rules' freshness (five minutes before
/// the frozen processing clock, so offers are issued): walks in and out of Aurora and past FreshCo, sitting
/// spells, check-ins and shares, price checks, purchases, redemptions. Their state depends on the order of their
/// signals across topics (an exposure converted by a later purchase, a redemption's propensity, ...), and on nothing
/// another customer does in the stream (their friends' visits are seeded), so one sequential run is the reference
/// any correct parallel run must end in.
/// </summary>
internal sealed class FiveTopicStory
{
    /// <summary>The processing clock every run uses, frozen: noon UTC (no quiet hours).</summary>
    public static readonly DateTimeOffset Now = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    /// <summary>When the first signal happens: every signal lies in the last five minutes before <see cref="Now"/>.</summary>
    public static readonly DateTimeOffset Start = Now.AddSeconds(-290);

    private static readonly (double Lat, double Lon)[] Places =
    [
        (48.8596, 2.3395), // the mall, outside the shops
        (48.86004, 2.3401), // inside Aurora
        (48.8599, 2.3398), // at the kiosk
        (48.8640, 2.3520), // by FreshCo
        (48.87, 2.36), // the resort café
        (48.8560, 2.3480), // a street
    ];

    private static readonly string[] RedeemedRules = ["aurora-friends", "price-match", "stretch-coffee"];

    public FiveTopicStory(string name, int customers, int signalsEach, int seed = 7)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan((6 * signalsEach) + (customers / 5), 290);
        Topics = ["location", "wearable", "social", "commerce", "redemptions"];
        Topics = [.. Topics.Select(t => Testing.Kafka.KafkaTestCluster.UniqueName($"{name}-{t}"))];
        Customers = [.. Enumerable.Range(0, customers).Select(i => $"c{i:00}")];
        var rng = new Random(seed);
        var signals = new List<(int Topic, Signal Signal)>();
        for (var c = 0; c < customers; c++)
        {
            for (var k = 0; k < signalsEach; k++)
            {
                signals.Add(Next(rng, Customers[c], $"{Customers[c]}-{k}", Start.AddSeconds(6 * k).AddMilliseconds(200 * c)));
            }
        }

        Signals = [.. signals.OrderBy(s => s.Signal.Timestamp)];
    }

    /// <summary>Topic names: location, wearable, social, commerce, redemptions (unique to this story).</summary>
    public IReadOnlyList<string> Topics { get; }

    public IReadOnlyList<string> Customers { get; }

    /// <summary>Every signal with the index of its topic, in timestamp order.</summary>
    public IReadOnlyList<(int Topic, Signal Signal)> Signals { get; }

    /// <summary>Signal records as the producer writes them: topic, key, value, record timestamp = event time.</summary>
    public IEnumerable<(string Topic, int? Partition, string Key, byte[] Value, DateTimeOffset Timestamp)> Records =>
        Signals.Select(s => (Topics[s.Topic], (int?)null, s.Signal.CustomerId, SignalCodec.Encode(s.Signal), s.Signal.Timestamp));

    /// <summary>Profiles for every customer and three friends, who all checked in at Aurora the day before.</summary>
    public async Task SeedAsync(ICustomerContextStore store)
    {
        string[] friends = ["f0", "f1", "f2"];
        foreach (var id in Customers.Concat(friends))
        {
            await store.UpsertProfileAsync(new CustomerProfile
            {
                CustomerId = id,
                Segments = ["fashion", "grocery"],
                Interests = ["coffee", "fashion", "running"],
                Tier = "gold",
                TimeZone = "Europe/Paris",
                Consent = new Dictionary<string, bool> { ["offers"] = true, ["location"] = true },
            });
        }

        foreach (var friend in friends)
        {
            await store.RecordCheckInAsync(friend, "aurora", Start.AddDays(-1), TimeSpan.FromDays(30));
            foreach (var customer in Customers)
            {
                await store.AddFriendshipAsync(customer, friend);
            }
        }
    }

    /// <summary>The reference: every signal processed one at a time, in timestamp order, by one processor.</summary>
    public async Task<HashSet<string>> RunSequentiallyAsync(SignalProcessor processor)
    {
        var offers = new HashSet<string>(StringComparer.Ordinal);
        var offset = 0L;
        foreach (var (topic, signal) in Signals)
        {
            var outcome = await processor.ProcessAsync(new InboundRecord(Topics[topic], 0, offset++, signal.CustomerId, SignalCodec.Encode(signal), signal.Timestamp));
            Assert.NotEqual(SignalOutcomeKind.DeadLetter, outcome.Kind);
            offers.UnionWith(outcome.Offers.Select(o => o.OfferId));
            await processor.FlushAsync();
        }

        return offers;
    }

    private static (int Topic, Signal Signal) Next(Random rng, string customer, string id, DateTimeOffset at)
    {
        var roll = rng.NextDouble();
        if (roll < 0.5)
        {
            var (lat, lon) = Places[rng.Next(Places.Length)];
            return (0, new LocationPing { Id = id, CustomerId = customer, Timestamp = at, Latitude = lat, Longitude = lon, AccuracyMeters = 5, SpeedMetersPerSecond = 1.2 });
        }

        if (roll < 0.62)
        {
            return (1, new WearableReading { Id = id, CustomerId = customer, Timestamp = at, SedentaryMinutes = rng.Next(0, 70), Steps = rng.Next(0, 15_000) });
        }

        if (roll < 0.7)
        {
            return rng.NextDouble() < 0.5
                ? (2, new SocialEvent { Id = id, CustomerId = customer, Timestamp = at, Action = SocialAction.CheckIn, VenueId = rng.NextDouble() < 0.5 ? "freshco" : "resort-cafe" })
                : (2, new SocialEvent { Id = id, CustomerId = customer, Timestamp = at, Action = SocialAction.Share, VenueId = "aurora", PurchaseId = "p-" + id });
        }

        if (roll < 0.9)
        {
            return rng.NextDouble() < 0.4
                ? (3, new CommerceEvent { Id = id, CustomerId = customer, Timestamp = at, Action = CommerceAction.PriceCheck, VenueId = "aurora", Sku = "sweater-42", Category = "fashion", Price = 89m, CompetitorPrice = 74.5m, Currency = "EUR" })
                : (3, new CommerceEvent { Id = id, CustomerId = customer, Timestamp = at, Action = CommerceAction.Purchase, VenueId = rng.NextDouble() < 0.5 ? "aurora" : "freshco", Category = rng.NextDouble() < 0.5 ? "fashion" : "grocery", Price = 59.6m, Currency = "EUR" });
        }

        var rule = RedeemedRules[rng.Next(RedeemedRules.Length)];
        return (4, new CommerceEvent { Id = id, CustomerId = customer, Timestamp = at, Action = CommerceAction.Redemption, RuleId = rule, OfferId = "of_" + id, Category = rule == "stretch-coffee" ? "cafe" : "fashion" });
    }
}
