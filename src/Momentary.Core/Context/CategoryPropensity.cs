namespace Momentary.Core.Context;

/// <summary>
/// How likely a customer is to redeem offers of one category: decayed counts of offers received and redeemed.
/// The estimate is the posterior mean of a Beta(1, 3) prior — 0.25 for a customer never offered anything —
/// updated by the decayed counts, so old behaviour fades with a 30-day half-life (docs/rules.md, "Propensity").
/// </summary>
/// <param name="Offered">Decayed count of offers issued.</param>
/// <param name="Redeemed">Decayed count of offers redeemed.</param>
/// <param name="UpdatedAt">The instant the counts were last decayed to.</param>
/// <param name="LastRedemption">Event time of the latest redemption counted, so a redemption processed again (a replay after a crash or rebalance) is not counted twice.</param>
public sealed record CategoryPropensity(double Offered, double Redeemed, DateTimeOffset UpdatedAt, DateTimeOffset? LastRedemption = null)
{
    /// <summary>Half-life of past behaviour.</summary>
    public static readonly TimeSpan HalfLife = TimeSpan.FromDays(30);

    /// <summary>Prior successes (pseudo-redemptions).</summary>
    public const double PriorRedeemed = 1;

    /// <summary>Prior failures (pseudo-offers not redeemed).</summary>
    public const double PriorMissed = 3;

    /// <summary>The estimate for a customer with no history in a category.</summary>
    public const double Prior = PriorRedeemed / (PriorRedeemed + PriorMissed);

    /// <summary>The probability estimate at <paramref name="now"/>.</summary>
    public double Estimate(DateTimeOffset now)
    {
        var f = Decay(now);
        var redeemed = Redeemed * f;
        var offered = Math.Max(Offered * f, redeemed);
        return (redeemed + PriorRedeemed) / (offered + PriorRedeemed + PriorMissed);
    }

    /// <summary>After one more offer issued at <paramref name="at"/>.</summary>
    public CategoryPropensity AfterOffer(DateTimeOffset at) => Decayed(at) is var d ? d with { Offered = d.Offered + 1 } : this;

    /// <summary>After one redemption at <paramref name="at"/>; one not newer than the last counted changes nothing (replays are idempotent).</summary>
    public CategoryPropensity AfterRedemption(DateTimeOffset at) =>
        LastRedemption is { } last && at <= last ? this
        : Decayed(at) is var d ? d with { Redeemed = d.Redeemed + 1, Offered = Math.Max(d.Offered, d.Redeemed + 1), LastRedemption = at } : this;

    private CategoryPropensity Decayed(DateTimeOffset at)
    {
        if (at <= UpdatedAt)
        {
            return this;
        }

        var f = Decay(at);
        return this with { Offered = Offered * f, Redeemed = Redeemed * f, UpdatedAt = at };
    }

    private double Decay(DateTimeOffset now) => now <= UpdatedAt ? 1 : Math.Pow(0.5, (now - UpdatedAt) / HalfLife);
}
