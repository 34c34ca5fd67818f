using Momentary.Core.Offers;

namespace Momentary.Contracts.Tests.Support;

/// <summary>Offers of every discount kind and optional part, built from the C# types (seeded: the same every run).</summary>
internal static class OfferVariants
{
    private static readonly string[] Texts = ["", "20% off at Aurora, valid 3 hours", "Café «Riverside» <b>&</b> \"quotes\" \\ back", "日本語のメッセージ", new string('m', 2000)];

    public static IEnumerable<Offer> Create(int count, int seed = 23)
    {
        var rng = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var rule = "rule-" + rng.Next(50);
            var customer = rng.Next(4) == 0 ? new string('é', 256) : "c" + rng.Next(10_000);
            var signal = "sig-" + i;
            var issued = new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).AddSeconds(rng.NextDouble() * 3.2e9).ToOffset(TimeSpan.FromHours(rng.Next(-12, 15)));
            var kind = (DiscountKind)(i % 4);
            yield return new Offer
            {
                OfferId = OfferIds.Create(rule, customer, signal),
                CustomerId = customer,
                RuleId = rule,
                VenueId = rng.Next(3) == 0 ? null : "venue-" + rng.Next(100),
                Message = Texts[rng.Next(Texts.Length)],
                Discount = new Discount(kind, kind == DiscountKind.None ? 0 : Math.Round((decimal)(rng.NextDouble() * 500), rng.Next(0, 3)), kind is DiscountKind.Amount or DiscountKind.PriceMatch ? "EUR" : null),
                Stackable = rng.Next(2) == 0,
                IssuedAt = issued,
                ExpiresAt = issued.AddMinutes(rng.Next(1, 60 * 24 * 31)),
                SignalId = signal,
                Category = rng.Next(3) == 0 ? null : "fashion",
                ReferralCode = rng.Next(4) == 0 ? "r_" + rng.Next(1_000_000) : null,
                Explanation = new OfferExplanation(
                    "enter:venue-" + rng.Next(100),
                    Texts[rng.Next(Texts.Length)],
                    [.. Enumerable.Range(0, rng.Next(0, 6)).Select(f => new ExplanationFact("fact" + f, f.ToString(System.Globalization.CultureInfo.InvariantCulture), rng.Next(2) == 0 ? null : ">= " + f))]),
            };
        }
    }
}
