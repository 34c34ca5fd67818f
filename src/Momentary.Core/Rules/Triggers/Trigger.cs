using Momentary.Core.Offers;
using Momentary.Core.Context;

namespace Momentary.Core.Rules.Triggers;

/// <summary>
/// What sets a rule off, validated: one sealed type per kind (docs/rules.md, "trigger"). Each kind's file holds
/// all of it: its <see cref="TriggerKind"/> (the YAML name, fields and reading), the index that finds and checks its
/// rules for a signal (a <see cref="VenueTriggerIndex"/> or a <see cref="SignalTriggerIndex"/>), and its explanation.
/// </summary>
/// <param name="venueId">The venue the trigger is about; <c>null</c> when it is about a category or no venue.</param>
/// <param name="category">The venue category (for routines, the product category, matched against venue categories) it is about; <c>null</c> when none.</param>
internal abstract class Trigger(string? venueId = null, string? category = null)
{
    /// <summary>The venue the trigger is about; <c>null</c> when it is about a category or no venue. Keys <see cref="PlaceIndex"/>.</summary>
    public string? VenueId { get; } = venueId;

    /// <summary>The category it is about, when one: keys <see cref="PlaceIndex"/> and is the offer category's fallback.</summary>
    public string? Category { get; } = category;

    /// <summary>How far from a venue, in metres, the geofence's near search must look for this trigger (default 0: not at all).</summary>
    public virtual double NearRadiusMeters => 0;

    /// <summary>How far back friends' visits must be loaded for this trigger (default zero: none).</summary>
    public virtual TimeSpan FriendWindow => TimeSpan.Zero;

    /// <summary>How far back heart-rate readings must be kept in the customer's state for this trigger (default zero: none).</summary>
    public virtual TimeSpan HeartRateWindow => TimeSpan.Zero;

    /// <summary>Whether the signals it fires on carry a competitor's price, so its offer may be a price match (default <c>false</c>).</summary>
    public virtual bool CarriesCompetitorPrice => false;

    /// <summary>
    /// Writes the trigger's facts, then its phrase, to the scope's explanation and returns its name for the offer
    /// (<c>enter:aurora</c>). Recomputed from the input and venue the match saw, so it also restores the values the
    /// match put on the scope for messages (<c>{friends}</c>, <c>{overdueDays}</c>). Only called for a rule that fired.
    /// </summary>
    public abstract string Explain(RuleScope scope);

    /// <summary>What a referral earned the customer, for the offer's <c>earnings</c> (referral-credit rules); <c>null</c> for other kinds.</summary>
    public virtual OfferEarnings? Earnings(RuleScope scope) => null;

    /// <summary>The referral link the rule's offer hands out, setting <see cref="RuleScope.ReferralCode"/>; <c>null</c> (the default) when none.</summary>
    public virtual ReferralLink? Referral(RuleScope scope) => null;
}
