namespace Momentary.Core.Context;

/// <summary>
/// A sharer's referral statement (<c>momentary referrals --customer</c>): earnings per UTC month and each credited
/// purchase. Purchases are named by their ids only: a statement never says who bought.
/// </summary>
/// <param name="CustomerId">The sharer.</param>
/// <param name="Months">Earnings per month (<c>yyyy-MM</c>), oldest first.</param>
/// <param name="Credits">Each purchase credited to them, oldest first.</param>
public sealed record ReferralStatement(string CustomerId, IReadOnlyList<ReferralMonth> Months, IReadOnlyList<ReferralEarning> Credits);
