namespace Momentary.Core.Rules;

/// <summary>File-wide governance settings.</summary>
/// <param name="MaxOffersPerSignal">At most this many offers are issued for one signal (default 1).</param>
/// <param name="MaxOffersPerCustomerPerHour">Global ceiling per customer per rolling hour across rules (default 3; <c>null</c> = none).</param>
public sealed record RuleBookSettings(int MaxOffersPerSignal = 1, int? MaxOffersPerCustomerPerHour = 3);
