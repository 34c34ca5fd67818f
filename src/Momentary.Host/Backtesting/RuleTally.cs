namespace Momentary.Host.Backtesting;

/// <summary>Per-rule counts of a back-test.</summary>
internal sealed class RuleTally
{
    /// <summary>Times the rule's trigger and conditions held (before arbitration and caps).</summary>
    public int Fired { get; internal set; }

    /// <summary>Fired but not chosen by arbitration.</summary>
    public int Outranked { get; internal set; }

    /// <summary>Chosen but denied by caps, cooldown, budget or the hourly ceiling.</summary>
    public int Capped { get; internal set; }

    /// <summary>Chosen but the customer is in the rule's control group.</summary>
    public int HeldOut { get; internal set; }

    /// <summary>Offers issued.</summary>
    public int Issued { get; internal set; }

    /// <summary>Redemptions received.</summary>
    public int Redeemed { get; internal set; }

    /// <summary>Purchases in the offer's category while an issued offer was open.</summary>
    public int ConvertedTreatment { get; internal set; }

    /// <summary>Purchases in the offer's category while a held-out offer would have been open.</summary>
    public int ConvertedControl { get; internal set; }

    /// <summary>Per variant of the rule (offer variants), the same counts; held out and conv-C count control customers by the variant they would have had.</summary>
    public Dictionary<string, RuleTally> Variants { get; } = new(StringComparer.Ordinal);

    /// <summary>Treatment conversion rate: conversions per offer issued; <c>null</c> before any was.</summary>
    public double? TreatmentRate => Issued == 0 ? null : (double)ConvertedTreatment / Issued;

    /// <summary>Control conversion rate: conversions per would-be offer held out; <c>null</c> before any was.</summary>
    public double? ControlRate => HeldOut == 0 ? null : (double)ConvertedControl / HeldOut;
}
