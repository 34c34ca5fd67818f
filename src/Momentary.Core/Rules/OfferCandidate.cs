using Momentary.Core.Context;
using Momentary.Core.Geofencing;
using Momentary.Core.Offers;
using Momentary.Core.Venues;

namespace Momentary.Core.Rules;

/// <summary>A rule that fired for a signal, before arbitration and cap reservation.</summary>
public sealed record OfferCandidate
{
    /// <summary>The rule that fired.</summary>
    public required string RuleId { get; init; }

    /// <summary>The venue that triggered it (<c>{venue}</c> in messages); <c>null</c> for triggers without one (wearables, a signal naming no known venue).</summary>
    public Venue? Venue { get; init; }

    /// <summary>The rendered message (empty until rendered: see <see cref="RuleBook.Render"/>).</summary>
    public string Message { get; init; } = string.Empty;

    /// <summary>The discount offered; for a price match, the competitor's price from the signal.</summary>
    public required Discount Discount { get; init; }

    /// <summary>Whether it may join an exclusive offer in the same arbitration (default <c>false</c>: exclusive).</summary>
    public bool Stackable { get; init; }

    /// <summary>Higher wins arbitration.</summary>
    public int Priority { get; init; }

    /// <summary>The offer category redemptions and propensities are counted by.</summary>
    public required string Category { get; init; }

    /// <summary>The customer's redemption propensity for <see cref="Category"/> (0..1).</summary>
    public double Propensity { get; init; }

    /// <summary>Propensity × the offer's value: breaks ties between rules of equal priority.</summary>
    public double ExpectedValue { get; init; }

    /// <summary>The customer is in this rule's control group: recorded, never sent.</summary>
    public bool HeldOut { get; init; }

    /// <summary>Share rules: the referral link to register when the offer is issued.</summary>
    public ReferralLink? Referral { get; init; }

    /// <summary>What a referral earned the customer (referral-credit rules), for the offer's <c>earnings</c>; <c>null</c> otherwise.</summary>
    public OfferEarnings? Earnings { get; init; }

    /// <summary>How long the offer is valid from issue (<c>expiresAt = issuedAt + ValidFor</c>).</summary>
    public required TimeSpan ValidFor { get; init; }

    /// <summary>The rule's caps, reserved in the context store only when the candidate is chosen and issued (a held-out one spends none).</summary>
    public required CapPolicy Caps { get; init; }

    /// <summary>Why the rule fired (<c>null</c> until rendered: see <see cref="RuleBook.Render"/>).</summary>
    public OfferExplanation? Explanation { get; init; }

    /// <summary>Whether the message and explanation have been rendered.</summary>
    public bool IsRendered => Explanation is not null;

    /// <summary>The rule that matched and the venue that triggered it: what <see cref="RuleBook.Render"/> needs.</summary>
    /// <summary>The rule's variant this customer gets (docs/rules.md, "Offer variants"); <c>null</c> when the rule has none.</summary>
    public string? Variant { get; init; }

    internal CompiledRule? Source { get; init; }

    internal RuleVariant? Arm { get; init; }

    internal VenueProximity? At { get; init; }
}
