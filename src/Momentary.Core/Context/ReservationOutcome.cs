namespace Momentary.Core.Context;

/// <summary>The decision on an offer reservation.</summary>
public enum ReservationOutcome
{
    /// <summary>Caps were spent; the offer may be sent.</summary>
    Granted,

    /// <summary>The customer already had the rule's maximum within its window.</summary>
    CustomerCapReached,

    /// <summary>The rule's cooldown for this customer has not passed.</summary>
    CoolingDown,

    /// <summary>The rule's daily budget is spent.</summary>
    BudgetExhausted,

    /// <summary>The customer's global hourly ceiling is reached.</summary>
    HourlyCeilingReached,
}
