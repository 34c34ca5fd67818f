namespace Momentary.Host.Marketers;

/// <summary>What the live counters count per rule (indexes into a window's rows).</summary>
internal enum CounterKind
{
    /// <summary>Offers issued (<c>momentary.pipeline.offers</c>).</summary>
    Issued,

    /// <summary>Chosen but denied by caps (<c>momentary.pipeline.offers_capped</c>).</summary>
    Capped,

    /// <summary>Chosen but withheld from the control group (<c>momentary.pipeline.offers_held_out</c>).</summary>
    HeldOut,

    /// <summary>Redemptions attributed to the rule (<c>momentary.pipeline.redemptions</c>).</summary>
    Redeemed,

    /// <summary>Conversions of issued offers (<c>momentary.pipeline.conversions{group=treatment}</c>).</summary>
    ConvertedTreatment,

    /// <summary>Conversions of held-out offers (<c>momentary.pipeline.conversions{group=control}</c>).</summary>
    ConvertedControl,
}
