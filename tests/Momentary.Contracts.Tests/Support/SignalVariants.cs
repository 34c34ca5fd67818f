using Momentary.Core.Signals;

namespace Momentary.Contracts.Tests.Support;

/// <summary>Valid signals of every kind and shape, built from the C# types (a seeded generator: the same every run).</summary>
internal static class SignalVariants
{
    private static readonly string[] Ids =
    [
        "sig-1", "jane", "a", "ü-ñ-日本", "with inner space", "\u00a0x\u00a0", "emoji-😀😀", new string('x', 256), new string('é', 256),
        string.Concat(Enumerable.Repeat("😀", 128)), "tab-free_ASCII.!~", "0",
    ];

    private static readonly string?[] Texts = [null, "", "aurora", "Café «Riverside» <b>", "x\"y\\z", new string('s', 1000)];

    public static IEnumerable<Signal> Create(int count, int seed = 17)
    {
        var rng = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var id = Pick(rng, Ids);
            var customer = Pick(rng, Ids);
            var ts = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(rng.NextDouble() * 3.2e9).ToOffset(TimeSpan.FromMinutes(15 * rng.Next(-56, 57)));
            yield return (i % 5) switch
            {
                0 => new LocationPing
                {
                    Id = id,
                    CustomerId = customer,
                    Timestamp = ts,
                    Latitude = Bounded(rng, 90),
                    Longitude = Bounded(rng, 180),
                    AccuracyMeters = rng.Next(4) == 0 ? 0 : rng.NextDouble() * 5000,
                    SpeedMetersPerSecond = rng.Next(4) switch { 0 => null, 1 => -1, _ => rng.NextDouble() * 70 },
                    HeadingDegrees = rng.Next(4) switch { 0 => null, 1 => -1, 2 => 360, _ => rng.NextDouble() * 360 },
                },
                1 => new WearableReading
                {
                    Id = id,
                    CustomerId = customer,
                    Timestamp = ts,
                    SedentaryMinutes = Optional(rng, () => rng.Next(0, 24 * 60)),
                    Steps = Optional(rng, () => rng.Next(3) == 0 ? int.MaxValue : rng.Next(0, 50_000)),
                    HeartRate = Optional(rng, () => rng.Next(0, 220)),
                },
                2 => rng.Next(2) == 0
                    ? new SocialEvent { Id = id, CustomerId = customer, Timestamp = ts, Action = SocialAction.CheckIn, VenueId = Pick(rng, Ids), PurchaseId = Pick(rng, Texts) }
                    : new SocialEvent { Id = id, CustomerId = customer, Timestamp = ts, Action = SocialAction.Share, VenueId = Pick(rng, Texts), PurchaseId = Pick(rng, Texts) },
                3 => Commerce(rng, id, customer, ts, rng.Next(2) == 0 ? CommerceAction.PriceCheck : CommerceAction.Purchase),
                _ => Commerce(rng, id, customer, ts, CommerceAction.Redemption),
            };
        }
    }

    private static CommerceEvent Commerce(Random rng, string id, string customer, DateTimeOffset ts, CommerceAction action) => new()
    {
        Id = id,
        CustomerId = customer,
        Timestamp = ts,
        Action = action,
        VenueId = Pick(rng, Texts),
        Sku = Pick(rng, Texts),
        Category = Pick(rng, Texts),
        Price = Price(rng),
        CompetitorPrice = Price(rng),
        Currency = Pick(rng, [null, "EUR", "USD", "JPY"]),
        ReferralCode = Pick(rng, Texts),
        OfferId = action == CommerceAction.Redemption ? "of_" + Pick(rng, Ids) : Pick(rng, Texts),
        RuleId = action == CommerceAction.Redemption ? Pick(rng, Ids) : Pick(rng, Texts),
    };

    private static decimal? Price(Random rng) => rng.Next(6) switch
    {
        0 => null,
        1 => 0m,
        2 => decimal.MaxValue,
        _ => Math.Round((decimal)(rng.NextDouble() * 10_000), rng.Next(0, 4)),
    };

    private static double Bounded(Random rng, double limit) => rng.Next(6) switch
    {
        0 => limit,
        1 => -limit,
        2 => 0,
        _ => ((rng.NextDouble() * 2) - 1) * limit,
    };

    private static int? Optional(Random rng, Func<int> value) => rng.Next(3) == 0 ? null : value();

    private static T Pick<T>(Random rng, IReadOnlyList<T> items) => items[rng.Next(items.Count)];
}
