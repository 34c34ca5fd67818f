namespace Momentary.Host.Marketers;

/// <summary>One rule's live counts over the counter window, as the page shows them.</summary>
internal sealed record RuleCounts(string Rule, long Fired, long Issued, long Capped, long HeldOut, long Redeemed, long ConvertedTreatment, long ConvertedControl)
{
    /// <summary>Conversion rate of issued offers; <c>null</c> before any was issued.</summary>
    public double? RateTreatment => Issued > 0 ? (double)Math.Min(ConvertedTreatment, Issued) / Issued : null;

    /// <summary>Conversion rate of held-out offers; <c>null</c> before any was held out.</summary>
    public double? RateControl => HeldOut > 0 ? (double)Math.Min(ConvertedControl, HeldOut) / HeldOut : null;

    /// <summary>Lift with its 95% interval; <c>null</c> when there is not enough data (<see cref="LiftEstimate"/>).</summary>
    public LiftEstimate? Lift => LiftEstimate.From(ConvertedTreatment, Issued, ConvertedControl, HeldOut);

    /// <summary>From totals indexed by <see cref="CounterKind"/>. Fired = chosen by arbitration: issued + capped + held out.</summary>
    public static RuleCounts From(string rule, long[] totals)
    {
        ArgumentNullException.ThrowIfNull(totals);
        long Of(CounterKind kind) => totals[(int)kind];
        return new RuleCounts(
            rule,
            Of(CounterKind.Issued) + Of(CounterKind.Capped) + Of(CounterKind.HeldOut),
            Of(CounterKind.Issued),
            Of(CounterKind.Capped),
            Of(CounterKind.HeldOut),
            Of(CounterKind.Redeemed),
            Of(CounterKind.ConvertedTreatment),
            Of(CounterKind.ConvertedControl));
    }
}
