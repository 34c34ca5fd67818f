namespace Momentary.Core.Rules;

/// <summary>What sets a rule off (docs/rules.md, "Triggers").</summary>
public enum TriggerKind
{
    /// <summary>The customer's location ping enters a venue's fence.</summary>
    EnterVenue,

    /// <summary>The customer's location ping leaves a venue's fence.</summary>
    ExitVenue,

    /// <summary>The customer has stayed inside a venue's fence for at least a duration (fires once per stay).</summary>
    Dwell,

    /// <summary>The customer is within a distance of a venue, outside its fence.</summary>
    Near,

    /// <summary>The customer enters a venue they last visited within a window ("welcome back").</summary>
    Revisit,

    /// <summary>A wearable reports the customer sitting for at least N minutes.</summary>
    Sedentary,

    /// <summary>A wearable reports at least N steps today.</summary>
    Steps,

    /// <summary>A friend checked in, within a window, at a venue the customer is at or near.</summary>
    FriendCheckIn,

    /// <summary>The customer shares a purchase: the offer carries a referral link that earns them a share of referred purchases.</summary>
    Share,

    /// <summary>A price check where a competitor's price is lower than the shelf price.</summary>
    PriceCheck,

    /// <summary>The customer is overdue for a product category (from their purchase cadence) and near a store of it.</summary>
    Routine,
}
