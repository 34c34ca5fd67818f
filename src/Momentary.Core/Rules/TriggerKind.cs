namespace Momentary.Core.Rules;

/// <summary>What sets a rule off.</summary>
public enum TriggerKind
{
    /// <summary>The customer's location ping enters a venue's fence.</summary>
    EnterVenue,

    /// <summary>The customer enters a venue they last visited within a window ("welcome back").</summary>
    Revisit,

    /// <summary>A wearable reports the customer sitting for at least N minutes.</summary>
    Sedentary,

    /// <summary>A price check where a competitor's price is lower than the shelf price.</summary>
    PriceCheck,
}
