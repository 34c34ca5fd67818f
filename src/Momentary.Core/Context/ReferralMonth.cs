namespace Momentary.Core.Context;

/// <summary>A sharer's referral earnings in one UTC month.</summary>
/// <param name="Month">The month, <c>yyyy-MM</c>.</param>
/// <param name="Earnings">The sum of the month's credits, in the purchases' currency.</param>
public sealed record ReferralMonth(string Month, decimal Earnings);
