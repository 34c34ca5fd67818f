namespace Momentary.Core.Offers;

/// <summary>
/// A time-boxed offer, contract v1 (<c>docs/contracts.md</c>). The Kafka record key is <see cref="CustomerId"/>.
/// <see cref="OfferId"/> is deterministic in (rule, customer, triggering signal), so a replay after a crash
/// re-emits the same id and consumers de-duplicate by it.
/// </summary>
public sealed record Offer
{
    /// <summary>Deterministic id (<c>of_</c> + base32 of SHA-256 of rule, customer, signal id): consumers de-duplicate by it.</summary>
    public required string OfferId { get; init; }

    /// <summary>Whose offer; also the Kafka record key.</summary>
    public required string CustomerId { get; init; }

    /// <summary>The rule that issued it.</summary>
    public required string RuleId { get; init; }

    /// <summary>The venue the offer is for, when it is tied to one.</summary>
    public string? VenueId { get; init; }

    /// <summary>The rendered message shown to the customer.</summary>
    public required string Message { get; init; }

    /// <summary>What the offer gives: a percentage, an amount, or a price match.</summary>
    public required Discount Discount { get; init; }

    /// <summary>Whether the offer may be combined with other offers (e.g. a price match on top of a coupon).</summary>
    public bool Stackable { get; init; }

    /// <summary>When the engine issued the offer (processing time).</summary>
    public required DateTimeOffset IssuedAt { get; init; }

    /// <summary>After this instant the offer must not be shown or honoured.</summary>
    public required DateTimeOffset ExpiresAt { get; init; }

    /// <summary>The id of the signal that triggered the offer.</summary>
    public required string SignalId { get; init; }

    /// <summary>Why the customer got it: one sentence and the facts behind it.</summary>
    public required OfferExplanation Explanation { get; init; }

    /// <summary>The offer category (e.g. <c>fashion</c>) that redemptions and propensities are counted by.</summary>
    public string? Category { get; init; }

    /// <summary>For referral offers: the code the customer's shared link carries; purchases through it credit them.</summary>
    public string? ReferralCode { get; init; }

    /// <summary>The variant of the rule's A/B test this offer is (docs/rules.md, "Offer variants"); <c>null</c> when the rule has none.</summary>
    public string? Variant { get; init; }

    /// <summary>What a friend's purchase through the customer's referral link earned them (referral-credit rules only); <c>null</c> otherwise.</summary>
    public OfferEarnings? Earnings { get; init; }
}
