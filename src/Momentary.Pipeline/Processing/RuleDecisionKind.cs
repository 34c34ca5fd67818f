namespace Momentary.Pipeline.Processing;

/// <summary>The fate of a fired rule, or a later effect attributed to a rule.</summary>
public enum RuleDecisionKind
{
    /// <summary>Fired, but arbitration chose other offers (lower priority or value, exclusivity, per-signal maximum).</summary>
    Outranked,

    /// <summary>Fired and chosen, but a cap, cooldown, budget or the hourly ceiling denied it.</summary>
    Capped,

    /// <summary>Fired and chosen, but the customer is in the rule's control group: recorded, not sent.</summary>
    HeldOut,

    /// <summary>Issued as an offer.</summary>
    Issued,

    /// <summary>A redemption of the rule's offer arrived.</summary>
    Redeemed,

    /// <summary>A purchase in the offer's category while an offer of the rule was open (treatment) or would have been (control).</summary>
    Converted,
}
