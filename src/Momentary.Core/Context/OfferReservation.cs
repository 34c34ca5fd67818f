namespace Momentary.Core.Context;

/// <summary>A request to spend caps for one offer. Idempotent by <paramref name="OfferId"/>.</summary>
public sealed record OfferReservation(string OfferId, string CustomerId, string RuleId, DateTimeOffset Now, CapPolicy Caps);
