namespace Momentary.Core.Rules;

/// <summary>File-wide governance settings.</summary>
/// <param name="MaxOffersPerSignal">At most this many offers are issued for one signal (default 1).</param>
/// <param name="MaxOffersPerCustomerPerHour">Global ceiling per customer per rolling hour across rules (default 3; <c>null</c> = none).</param>
/// <param name="Segments">When set, the only segment names rules may use (catches typos such as <c>fashon</c>).</param>
/// <param name="Tiers">When set, the only loyalty tiers rules may use.</param>
public sealed record RuleBookSettings(int MaxOffersPerSignal = 1, int? MaxOffersPerCustomerPerHour = 3, IReadOnlyList<string>? Segments = null, IReadOnlyList<string>? Tiers = null);
