using System.Diagnostics;
using System.Diagnostics.Metrics;
using Momentary.Core.Rules;
using Momentary.Core.Telemetry;

namespace Momentary.Pipeline.Telemetry;

/// <summary>The pipeline's one Meter and one ActivitySource, created once. Metric names follow <c>momentary.&lt;area&gt;.&lt;what&gt;</c>.</summary>
public static class PipelineTelemetry
{
    /// <summary>Name of the Meter and ActivitySource, for OpenTelemetry registration.</summary>
    public const string Name = "Momentary.Pipeline";

    /// <summary>The pipeline's traces (one per assembly, created once).</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter Meter = new(Name);

    /// <summary>Signals processed, tagged <c>kind</c> (signal kind or <c>undecodable</c>) and <c>outcome</c>.</summary>
    public static readonly Counter<long> Signals = Meter.CreateCounter<long>("momentary.pipeline.signals", "{signal}", "Signals processed, by kind and outcome");

    /// <summary>Offers issued, tagged <c>rule</c>.</summary>
    public static readonly Counter<long> Offers = Meter.CreateCounter<long>("momentary.pipeline.offers", "{offer}", "Offers issued, by rule");

    /// <summary>Offers a rule fired but caps denied, tagged <c>rule</c> and <c>reason</c>.</summary>
    public static readonly Counter<long> OffersCapped = Meter.CreateCounter<long>("momentary.pipeline.offers_capped", "{offer}", "Offers denied by caps, by rule and reason");

    /// <summary>Offers withheld from control-group customers, by rule.</summary>
    public static readonly Counter<long> OffersHeldOut = Meter.CreateCounter<long>("momentary.pipeline.offers_held_out", "{offer}", "Offers withheld from control-group customers (recorded on the control topic), by rule");

    /// <summary>Redemptions received, by the rule they were attributed to and how (<c>attribution</c>: offer, category-window, named-rule).</summary>
    public static readonly Counter<long> Redemptions = Meter.CreateCounter<long>("momentary.pipeline.redemptions", "{redemption}", "Offer redemptions received, by attributed rule and attribution method");

    /// <summary>Offers converted — by a purchase in the offer's category while it was open, or by the redemption naming it — by rule and group (treatment or control): lift's numerators.</summary>
    public static readonly Counter<long> Conversions = Meter.CreateCounter<long>("momentary.pipeline.conversions", "{purchase}", "Purchases attributed to an open offer exposure, by rule and group");

    /// <summary>Records sent to the dead-letter topic, tagged <c>error</c>.</summary>
    public static readonly Counter<long> DeadLetters = Meter.CreateCounter<long>("momentary.pipeline.dead_letters", "{record}", "Records dead-lettered, by error kind");

    /// <summary>
    /// State writes the store refused, tagged <c>reason</c>: <c>fenced</c> (a newer owner of the customer's task wrote
    /// first: this process lost the task) or <c>no-profile</c> (nothing is kept about unknown or erased customers).
    /// Fenced writes outside a rebalance mean two processes believe they own a task: alert on them.
    /// </summary>
    public static readonly Counter<long> StateWritesRefused = Meter.CreateCounter<long>("momentary.context.state_writes_refused", "{write}", "State writes refused by the store, by reason (fenced, no-profile)");

    /// <summary>Counts <paramref name="count"/> refused state writes of one outcome.</summary>
    public static void CountRefusedWrites(Core.Context.StateWriteOutcome outcome, int count)
    {
        if (count > 0)
        {
            StateWritesRefused.Add(count, new KeyValuePair<string, object?>("reason", outcome == Core.Context.StateWriteOutcome.Fenced ? "fenced" : "no-profile"));
        }
    }

    /// <summary>
    /// Processing time of one signal in seconds, decode to outbound records ready (excludes produce), tagged
    /// <c>messaging.destination.name</c> (the signal topic): OpenTelemetry's <c>messaging.process.duration</c>.
    /// </summary>
    public static readonly Histogram<double> ProcessDuration = Meter.CreateHistogram(
        "messaging.process.duration",
        "s",
        "Time to process one signal record, decode to outbound records ready (excludes produce)",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets.Seconds });

    /// <summary>Signals processed that issued no offer, tagged <c>reason</c> (<see cref="NoOfferReasons"/>).</summary>
    public static readonly Counter<long> NoOffers = Meter.CreateCounter<long>("momentary.pipeline.no_offers", "{signal}", "Signals that issued no offer, by reason: the furthest any rule got (no-rule-matched, a condition kind, stale, held-out, a cap)");

    /// <summary>
    /// Adds one to <paramref name="counter"/> for <paramref name="rule"/>, tagged <c>variant</c> too when the rule has
    /// variants (so rules without them keep their series as they were), and <paramref name="extra"/> when given.
    /// </summary>
    public static void CountForRule(Counter<long> counter, string rule, string? variant, KeyValuePair<string, object?> extra = default)
    {
        ArgumentNullException.ThrowIfNull(counter);
        var tags = new TagList { { "rule", rule } };
        if (variant is not null)
        {
            tags.Add("variant", variant);
        }

        if (extra.Key is not null)
        {
            tags.Add(extra);
        }

        counter.Add(1, tags);
    }

    /// <summary>Counts a signal that issued no offer because of <paramref name="reason"/> (no allocation: the label is cached).</summary>
    public static void CountNoOffer(NoOfferReason reason) => NoOffers.Add(1, new KeyValuePair<string, object?>("reason", NoOfferReasons.Name(reason)));
}
