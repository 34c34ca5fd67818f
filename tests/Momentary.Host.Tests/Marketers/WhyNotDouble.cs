using Momentary.Host.Marketers;

namespace Momentary.Host.Tests.Marketers;

/// <summary>A stand-in for the decision-trace side: answers one quiet-hours trace for anyone, or throws like a store outage.</summary>
internal sealed class WhyNotDouble(bool outage = false) : IWhyNotSource
{
    public Task<WhyNotAnswer> ExplainAsync(string customerId, CancellationToken ct) => outage
        ? throw new TimeoutException($"store timed out for {customerId}")
        : Task.FromResult(new WhyNotAnswer(customerId, [new WhyNotSignal("location", DateTimeOffset.Parse("2026-12-02T23:10:00Z", System.Globalization.CultureInfo.InvariantCulture), "no offer: quiet hours", ["aurora-friends: quiet hours 22:00-08:00, local time 00:10"])]));
}
