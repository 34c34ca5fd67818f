using Momentary.Core.Offers;
using Momentary.Core.Signals;

namespace Momentary.Core.Rules;

/// <summary>Turns a chosen candidate into the offer sent to customers.</summary>
public static class OfferFactory
{
    /// <summary>Builds the offer; its id is deterministic in (rule, customer, signal).</summary>
    public static Offer Create(OfferCandidate candidate, Signal signal, DateTimeOffset issuedAt)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(signal);
        if (!candidate.IsRendered)
        {
            throw new ArgumentException("Render the candidate (RuleBook.Render) before making an offer of it.", nameof(candidate));
        }

        return new Offer
        {
            OfferId = OfferIds.Create(candidate.RuleId, signal.CustomerId, signal.Id),
            CustomerId = signal.CustomerId,
            RuleId = candidate.RuleId,
            VenueId = candidate.Venue?.Id,
            Message = candidate.Message,
            Discount = candidate.Discount,
            Stackable = candidate.Stackable,
            IssuedAt = issuedAt,
            ExpiresAt = issuedAt + candidate.ValidFor,
            SignalId = signal.Id,
            Explanation = candidate.Explanation!,
            Category = candidate.Category,
            ReferralCode = candidate.Referral?.Code,
            Variant = candidate.Variant,
            Earnings = candidate.Earnings,
        };
    }
}
