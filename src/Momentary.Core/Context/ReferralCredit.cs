namespace Momentary.Core.Context;

/// <summary>The result of crediting a purchase made through a referral link.</summary>
/// <param name="SharerId">Who earned.</param>
/// <param name="Month">The UTC month credited, <c>yyyy-MM</c>.</param>
/// <param name="Credited">What this purchase added (0 for a purchase already credited).</param>
/// <param name="MonthEarnings">The sharer's referral earnings for the month after this credit.</param>
/// <param name="Duplicate">The purchase had been credited before (a replay); nothing was added.</param>
public sealed record ReferralCredit(string SharerId, string Month, decimal Credited, decimal MonthEarnings, bool Duplicate);
