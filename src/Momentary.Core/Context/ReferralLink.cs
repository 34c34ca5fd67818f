namespace Momentary.Core.Context;

/// <summary>A referral link handed to a customer who shared a purchase.</summary>
/// <param name="Code">The code carried by the link (deterministic in sharer and purchase, so a replay re-creates it).</param>
/// <param name="SharerId">Who shared, and earns.</param>
/// <param name="RewardPercent">Share of a referred purchase credited to the sharer.</param>
/// <param name="Expires">After this instant the code credits nothing.</param>
public sealed record ReferralLink(string Code, string SharerId, decimal RewardPercent, DateTimeOffset Expires);
