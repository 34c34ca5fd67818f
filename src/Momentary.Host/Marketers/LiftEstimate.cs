namespace Momentary.Host.Marketers;

/// <summary>
/// Lift of a rule: how much more often customers who got the offer converted than comparable customers held out of it,
/// <c>lift = rate_treatment / rate_control − 1</c>, with a 95% interval from the log-ratio normal approximation
/// (Katz): <c>exp(ln RR ± 1.96·√(1/a − 1/n₁ + 1/c − 1/n₂)) − 1</c>, where <c>a</c> of <c>n₁</c> issued offers and
/// <c>c</c> of <c>n₂</c> held-out ones converted. Below <see cref="MinExposures"/> per group or
/// <see cref="MinConversions"/> conversions per group the estimate is "not enough data" (null).
/// </summary>
/// <param name="Lift">The point estimate (0.25 = +25%).</param>
/// <param name="Low">Lower end of the 95% interval.</param>
/// <param name="High">Upper end of the 95% interval.</param>
internal sealed record LiftEstimate(double Lift, double Low, double High)
{
    /// <summary>Exposures each group needs before a lift is shown.</summary>
    public const int MinExposures = 20;

    /// <summary>Conversions each group needs before a lift is shown.</summary>
    public const int MinConversions = 5;

    private const double Z95 = 1.959964;

    /// <summary>The estimate, or <c>null</c> when there is not enough data.</summary>
    public static LiftEstimate? From(long convertedTreatment, long issued, long convertedControl, long heldOut)
    {
        if (issued < MinExposures || heldOut < MinExposures || convertedTreatment < MinConversions || convertedControl < MinConversions)
        {
            return null;
        }

        // A customer may buy twice while one offer is open: a rate is capped at one conversion per exposure.
        double a = Math.Min(convertedTreatment, issued), c = Math.Min(convertedControl, heldOut);
        var logRatio = Math.Log(a / issued / (c / heldOut));
        var se = Math.Sqrt(Math.Max(0, (1 / a) - (1.0 / issued) + (1 / c) - (1.0 / heldOut)));
        return new LiftEstimate(Math.Exp(logRatio) - 1, Math.Exp(logRatio - (Z95 * se)) - 1, Math.Exp(logRatio + (Z95 * se)) - 1);
    }
}
