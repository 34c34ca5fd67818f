using Microsoft.Extensions.Time.Testing;
using Momentary.Host.Marketers;
using Momentary.Pipeline.Telemetry;

namespace Momentary.Host.Tests.Marketers;

/// <summary>Live counters read from the pipeline's own metrics, over a sliding window.</summary>
public sealed class RuleCountersTests
{
    [Fact]
    public void Counters_PipelineMetrics_CountedPerRuleAndGroup_AndSlideOutOfTheWindow()
    {
        var time = new FakeTimeProvider(DateTimeOffset.Parse("2026-12-02T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture));
        using var counters = new RuleCounters(TimeSpan.FromMinutes(10), time);
        var rule = "rule-" + Guid.NewGuid().ToString("N");

        PipelineTelemetry.Offers.Add(3, new KeyValuePair<string, object?>("rule", rule));
        PipelineTelemetry.OffersCapped.Add(1, new("rule", rule), new("reason", "PerCustomer"));
        PipelineTelemetry.OffersHeldOut.Add(2, new KeyValuePair<string, object?>("rule", rule));
        PipelineTelemetry.Conversions.Add(1, new("rule", rule), new("group", "treatment"));
        PipelineTelemetry.Conversions.Add(1, new("rule", rule), new("group", "control"));
        PipelineTelemetry.Redemptions.Add(1, new("rule", rule), new("attribution", "offer"));
        var now = counters.For(rule);
        time.Advance(TimeSpan.FromMinutes(6));
        PipelineTelemetry.Offers.Add(1, new KeyValuePair<string, object?>("rule", rule));
        time.Advance(TimeSpan.FromMinutes(5));
        var later = counters.For(rule);

        Assert.Equal(new RuleCounts(rule, 6, 3, 1, 2, 1, 1, 1), now);
        Assert.Equal(1.0 / 3, now.RateTreatment!.Value, 9);
        Assert.Null(now.Lift); // not enough data
        Assert.Equal(new RuleCounts(rule, 1, 1, 0, 0, 0, 0, 0), later); // the first minute slid out of the 10-minute window
    }
}
