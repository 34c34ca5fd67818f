namespace Momentary.Core.Rules;

/// <summary>
/// Why a processed signal produced no offer: the furthest any rule got before it stopped. Values are ordered by how far
/// evaluation went (a rule that failed its friends condition got further than one that failed consent; a capped offer
/// further than both), so the largest one seen while evaluating a signal is its reason. Condition values follow the
/// order conditions run in (<c>ConditionKinds</c>).
/// </summary>
public enum NoOfferReason : byte
{
    /// <summary>An offer was issued (or the signal was dead-lettered): no reason to give.</summary>
    None,

    /// <summary>The customer has no profile (unknown or erased): nothing may be offered.</summary>
    NoProfile,

    /// <summary>No rule's trigger fired for the signal.</summary>
    NoRuleMatched,

    /// <summary>A rule's trigger fired, but the signal was older than the rule's <c>freshFor</c>.</summary>
    Stale,

    /// <summary>A rule's consent condition failed.</summary>
    Consent,

    /// <summary>A rule's segments condition failed.</summary>
    Segments,

    /// <summary>A rule's interests condition failed.</summary>
    Interests,

    /// <summary>A rule's tier condition failed.</summary>
    Tier,

    /// <summary>A rule's date range (<c>dates</c>) excluded the signal's day.</summary>
    Dates,

    /// <summary>A rule's quiet hours covered the customer's local time.</summary>
    QuietHours,

    /// <summary>A rule's time window (<c>hours</c>, <c>days</c>) excluded the customer's local time.</summary>
    TimeWindow,

    /// <summary>A rule's propensity condition failed.</summary>
    Propensity,

    /// <summary>A rule's friends condition failed (too few friends visited).</summary>
    Friends,

    /// <summary>A rule's friendsNearby condition failed (too few friends within the distance right now).</summary>
    FriendsNearby,

    /// <summary>A rule fired and was chosen, but the customer is in its control group (recorded on the control topic).</summary>
    HeldOut,

    /// <summary>A rule fired and was chosen, but the customer already had its maximum within its window.</summary>
    CustomerCap,

    /// <summary>A rule fired and was chosen, but its cooldown for the customer has not passed.</summary>
    Cooldown,

    /// <summary>A rule fired and was chosen, but its daily budget is spent.</summary>
    Budget,

    /// <summary>A rule fired and was chosen, but the customer's hourly ceiling is reached.</summary>
    HourlyCeiling,
}
