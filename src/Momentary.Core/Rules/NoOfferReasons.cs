using Momentary.Core.Context;

namespace Momentary.Core.Rules;

/// <summary>Names of <see cref="NoOfferReason"/> values as metrics and logs show them, created once (no string per signal).</summary>
public static class NoOfferReasons
{
    private static readonly string[] Names =
    [
        "none", "no-profile", "no-rule-matched", "stale", "consent", "segments", "interests", "tier", "dates", "quiet-hours",
        "time-window", "propensity", "friends", "friends-nearby", "held-out", "customer-cap", "cooldown", "budget", "hourly-ceiling",
    ];

    /// <summary>The metric label of <paramref name="reason"/>, e.g. <c>quiet-hours</c>.</summary>
    public static string Name(NoOfferReason reason) => (uint)reason < (uint)Names.Length ? Names[(int)reason] : "unknown";

    /// <summary>The reason a denied reservation gives.</summary>
    public static NoOfferReason Of(ReservationOutcome outcome) => outcome switch
    {
        ReservationOutcome.CustomerCapReached => NoOfferReason.CustomerCap,
        ReservationOutcome.CoolingDown => NoOfferReason.Cooldown,
        ReservationOutcome.BudgetExhausted => NoOfferReason.Budget,
        ReservationOutcome.HourlyCeilingReached => NoOfferReason.HourlyCeiling,
        _ => NoOfferReason.None,
    };

    /// <summary>The further of two reasons (see <see cref="NoOfferReason"/>).</summary>
    public static NoOfferReason Furthest(NoOfferReason a, NoOfferReason b) => a >= b ? a : b;
}
