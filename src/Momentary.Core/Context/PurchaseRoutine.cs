namespace Momentary.Core.Context;

/// <summary>
/// A customer's buying rhythm in one product category, learned from their purchases: the last purchase and the
/// typical gap between purchases (an exponentially weighted mean, so a changed habit shows within a few buys).
/// </summary>
/// <param name="LastPurchase">Event time of the latest purchase in the category.</param>
/// <param name="Purchases">Purchases seen (the cadence is known from the second one).</param>
/// <param name="MeanIntervalHours">Weighted mean gap between purchases in hours; 0 until two purchases are seen.</param>
public sealed record PurchaseRoutine(DateTimeOffset LastPurchase, int Purchases, double MeanIntervalHours)
{
    /// <summary>Weight of the newest gap in the mean.</summary>
    public const double Smoothing = 0.3;

    /// <summary>Whether the cadence is known (at least two purchases).</summary>
    public bool HasCadence => Purchases >= 2 && MeanIntervalHours > 0;

    /// <summary>When the next purchase is due.</summary>
    public DateTimeOffset Due => LastPurchase + TimeSpan.FromHours(MeanIntervalHours);

    /// <summary>The routine after a purchase at <paramref name="at"/>; a purchase older than the last one changes nothing.</summary>
    public PurchaseRoutine After(DateTimeOffset at)
    {
        if (at <= LastPurchase)
        {
            return this;
        }

        var gap = (at - LastPurchase).TotalHours;
        var mean = Purchases < 2 ? gap : (Smoothing * gap) + ((1 - Smoothing) * MeanIntervalHours);
        return new PurchaseRoutine(at, Purchases + 1, mean);
    }
}
