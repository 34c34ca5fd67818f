namespace Momentary.Core.Offers;

/// <summary>
/// What a referral earned the customer, on the notice a <c>referralCredit</c> rule sends them (offer field
/// <c>earnings</c>): an app can show it without asking anything else.
/// </summary>
/// <param name="Credited">What the friend's purchase credited them.</param>
/// <param name="MonthToDate">Their referral earnings this UTC month so far, this credit included.</param>
/// <param name="Month">The month, <c>yyyy-MM</c>.</param>
/// <param name="Currency">The purchase's currency (ISO 4217).</param>
public sealed record OfferEarnings(decimal Credited, decimal MonthToDate, string Month, string Currency);
