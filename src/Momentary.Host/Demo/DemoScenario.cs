using Momentary.Core.Context;
using Momentary.Core.Signals;

namespace Momentary.Host.Demo;

/// <summary>
/// The demo's world: Jane and her friends at Riverside Mall (<c>Demo/mall.geojson</c>), plus two walkers who
/// must NOT get the offer (no consent; too few friends). Friends' past check-ins are seeded as history; the
/// walks travel through Kafka as location signals.
/// </summary>
internal static class DemoScenario
{
    /// <summary>The three walkers in walking order (Jane last, once the consumer group has settled) and what should happen to each.</summary>
    public static IReadOnlyList<DemoPerson> Walkers { get; } =
    [
        new("sam", "fashion fan with the same friends, but no consent to offers", ExpectOffer: false),
        new("tom", "opted-in fashion fan, only 1 friend visited in 14 days", ExpectOffer: false),
        new("jane", "fashion fan, opted in, 3 friends visited Aurora in the last 14 days", ExpectOffer: true),
    ];

    /// <summary>Seeds profiles, friendships and friends' check-in history relative to <paramref name="now"/>.</summary>
    public static async Task SeedAsync(ICustomerContextStore store, DateTimeOffset now, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        await store.UpsertProfileAsync(Profile("jane", consent: true), ct).ConfigureAwait(false);
        await store.UpsertProfileAsync(Profile("sam", consent: false), ct).ConfigureAwait(false);
        await store.UpsertProfileAsync(Profile("tom", consent: true), ct).ConfigureAwait(false);
        foreach (var friend in new[] { "amy", "ben", "cleo", "dan" })
        {
            await store.UpsertProfileAsync(Profile(friend, consent: true), ct).ConfigureAwait(false);
            await store.AddFriendshipAsync("jane", friend, ct).ConfigureAwait(false);
            await store.AddFriendshipAsync("sam", friend, ct).ConfigureAwait(false);
        }

        await store.AddFriendshipAsync("tom", "dan", ct).ConfigureAwait(false);
        await store.AddFriendshipAsync("tom", "amy", ct).ConfigureAwait(false);

        // Amy, Ben and Cleo visited Aurora 2, 5 and 9 days ago; Dan 20 days ago (outside the 14-day window).
        var retention = TimeSpan.FromDays(30);
        await store.RecordCheckInAsync("amy", "aurora", now.AddDays(-2), retention, ct).ConfigureAwait(false);
        await store.RecordCheckInAsync("ben", "aurora", now.AddDays(-5), retention, ct).ConfigureAwait(false);
        await store.RecordCheckInAsync("cleo", "aurora", now.AddDays(-9), retention, ct).ConfigureAwait(false);
        await store.RecordCheckInAsync("dan", "aurora", now.AddDays(-20), retention, ct).ConfigureAwait(false);
    }

    /// <summary>One walk through the mall: entrance, past the kiosk, into Aurora, a step further inside.</summary>
    public static IEnumerable<LocationPing> Walk(string customerId, DateTimeOffset start)
    {
        (double Lat, double Lon)[] path =
        [
            (48.85960, 2.33950), // mall entrance
            (48.85990, 2.33985), // by the kiosk
            (48.86004, 2.34010), // inside Aurora (fence edge is ~4 m away)
            (48.86007, 2.34016), // a step further inside: no second "enter"
        ];
        for (var i = 0; i < path.Length; i++)
        {
            yield return new LocationPing
            {
                Id = $"{customerId}-walk-{i + 1}",
                CustomerId = customerId,
                Timestamp = start.AddSeconds(20 * i),
                Latitude = path[i].Lat,
                Longitude = path[i].Lon,
                AccuracyMeters = 5,
                SpeedMetersPerSecond = 1.3,
            };
        }
    }

    private static CustomerProfile Profile(string id, bool consent) => new()
    {
        CustomerId = id,
        Segments = ["fashion"],
        Consent = new Dictionary<string, bool> { ["offers"] = consent, ["location"] = true },
        TimeZone = "Europe/Paris",
    };
}
