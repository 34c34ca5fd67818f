namespace Momentary.Core.Context;

/// <summary>The limits an offer reservation must respect. A <c>null</c> limit is not enforced.</summary>
/// <param name="MaxPerCustomer">At most this many offers of the rule per customer within <paramref name="Window"/>.</param>
/// <param name="Window">The window for <paramref name="MaxPerCustomer"/>.</param>
/// <param name="Cooldown">Minimum time between two offers of the rule to one customer.</param>
/// <param name="DailyBudget">At most this many offers of the rule per UTC day across all customers.</param>
/// <param name="MaxOffersPerCustomerPerHour">Global ceiling: offers of any rule per customer per rolling hour.</param>
public sealed record CapPolicy(
    int? MaxPerCustomer,
    TimeSpan Window,
    TimeSpan? Cooldown = null,
    int? DailyBudget = null,
    int? MaxOffersPerCustomerPerHour = null)
{
    /// <summary>No limits at all.</summary>
    public static CapPolicy None { get; } = new(null, TimeSpan.Zero);
}
