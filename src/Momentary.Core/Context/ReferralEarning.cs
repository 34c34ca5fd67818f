namespace Momentary.Core.Context;

/// <summary>One purchase credited to a sharer.</summary>
/// <param name="PurchaseId">The purchase's signal id.</param>
/// <param name="Month">The UTC month it counts in, <c>yyyy-MM</c>.</param>
/// <param name="Credited">The reward credited for it.</param>
/// <param name="At">The purchase's time.</param>
public sealed record ReferralEarning(string PurchaseId, string Month, decimal Credited, DateTimeOffset At);
