using Momentary.Core.Context;
using Momentary.Core.Geofencing;
using Momentary.Core.Offers;
using Momentary.Core.Venues;

namespace Momentary.Core.Rules;

/// <summary>A rule that fired for a signal, before arbitration and cap reservation.</summary>
public sealed record OfferCandidate
{
    public required string RuleId { get; init; }

    public Venue? Venue { get; init; }

    /// <summary>The rendered message (empty until rendered: see <see cref="RuleBook.Render"/>).</summary>
    public string Message { get; init; } = string.Empty;

    public required Discount Discount { get; init; }

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

    /// <summary>How long the offer is valid from issue (<c>expiresAt = issuedAt + ValidFor</c>).</summary>
    public required TimeSpan ValidFor { get; init; }

    public required CapPolicy Caps { get; init; }

    /// <summary>Why the rule fired (<c>null</c> until rendered: see <see cref="RuleBook.Render"/>).</summary>
    public OfferExplanation? Explanation { get; init; }

    /// <summary>Whether the message and explanation have been rendered.</summary>
    public bool IsRendered => Explanation is not null;

    /// <summary>The rule that matched and the venue that triggered it: what <see cref="RuleBook.Render"/> needs.</summary>
    internal CompiledRule? Source { get; init; }

    internal VenueProximity? At { get; init; }
}
