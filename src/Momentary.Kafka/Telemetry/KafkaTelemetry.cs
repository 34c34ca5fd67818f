using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;
using Confluent.Kafka;
using Momentary.Core.Messaging;
using Momentary.Core.Telemetry;

namespace Momentary.Kafka.Telemetry;

/// <summary>
/// The Kafka adapter's one Meter and one ActivitySource, created once. Client metrics use the OpenTelemetry messaging
/// semantic conventions where one exists (<c>messaging.client.consumed.messages</c>, <c>messaging.client.sent.messages</c>);
/// the rest are <c>momentary.kafka.*</c> (docs/operations.md lists them all).
/// </summary>
public static class KafkaTelemetry
{
    /// <summary>Name of the Meter and ActivitySource, for OpenTelemetry registration.</summary>
    public const string Name = "Momentary.Kafka";

    /// <summary>The adapter's traces: a producer <c>send</c> span per traced record.</summary>
    public static readonly ActivitySource ActivitySource = new(Name);

    private static readonly Meter Meter = new(Name);

    private static readonly KeyValuePair<string, object?> System = new("messaging.system", "kafka");

    private static readonly Counter<long> Consumed = Meter.CreateCounter<long>("messaging.client.consumed.messages", "{message}", "Records the consumer delivered to the engine, by topic and partition");

    private static readonly Counter<long> Sent = Meter.CreateCounter<long>("messaging.client.sent.messages", "{message}", "Records produced, by topic; failed deliveries carry error.type");

    private static readonly Histogram<double> EndToEnd = Meter.CreateHistogram(
        "momentary.offer.latency",
        "s",
        "End-to-end latency: the offer acknowledged by Kafka minus its signal record's timestamp",
        tags: null,
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets.Seconds });

    private static readonly Counter<long> Rebalances = Meter.CreateCounter<long>("momentary.kafka.consumer.rebalances", "{event}", "Assignment changes, by event (assigned, revoked, lost)");

    private static readonly Counter<long> CommitFailures = Meter.CreateCounter<long>("momentary.kafka.consumer.commit_failures", "{commit}", "Offset commits that failed, by error.type (librdkafka error code)");

    private static readonly ConsumerLagRegistry Lags = new();

    static KafkaTelemetry()
    {
        Meter.CreateObservableGauge("momentary.kafka.consumer.lag", Lags.Observe, "{message}", "Records behind the partition's high watermark (committed offset to end), per assigned partition, from librdkafka statistics");
        Meter.CreateObservableCounter("momentary.kafka.consumer.lane_buffers", () => Consuming.LanePool.AllocatedBytes, "By", "Bytes allocated for the consumers' lane buffers (record chunks and rings), kept and reused across backlogs and rebalances");
    }

    /// <summary>The tags of one consumed partition, built once per assignment so counting a record allocates nothing.</summary>
    internal static KeyValuePair<string, object?>[] PartitionTags(TopicPartition partition, string group) =>
    [
        System,
        new("messaging.destination.name", partition.Topic),
        new("messaging.destination.partition.id", partition.Partition.Value.ToString(global::System.Globalization.CultureInfo.InvariantCulture)),
        new("messaging.consumer.group.name", group),
    ];

    internal static void CountConsumed(KeyValuePair<string, object?>[] partitionTags) => Consumed.Add(1, partitionTags);

    internal static void CountRebalance(string kind) => Rebalances.Add(1, new KeyValuePair<string, object?>("event", kind));

    /// <summary>Counts the failures of a commit librdkafka reports (auto-commit or explicit); "nothing to commit" is not one.</summary>
    internal static void CountCommit(CommittedOffsets committed)
    {
        if (committed.Error.IsError)
        {
            CountCommitFailure(committed.Error.Code);
            return;
        }

        foreach (var offset in committed.Offsets)
        {
            if (offset.Error.IsError)
            {
                CountCommitFailure(offset.Error.Code);
                return; // one failed commit, whatever the number of partitions it covered
            }
        }
    }

    internal static void CountCommitFailure(ErrorCode code)
    {
        if (code != ErrorCode.Local_NoOffset)
        {
            CommitFailures.Add(1, new KeyValuePair<string, object?>("error.type", code.ToString()));
        }
    }

    /// <summary>Records acknowledged by Kafka: counted, and those with a latency origin measured end to end.</summary>
    internal static void Delivered(IReadOnlyList<OutboundRecord> records)
    {
        if (!Sent.Enabled && !EndToEnd.Enabled)
        {
            return;
        }

        var now = TimeProvider.System.GetUtcNow();
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            var topic = new KeyValuePair<string, object?>("messaging.destination.name", record.Topic);
            Sent.Add(1, System, topic);
            if (record.LatencyOrigin is { } origin)
            {
                EndToEnd.Record(Math.Max(0, (now - origin).TotalSeconds), topic);
            }
        }
    }

    internal static void DeliveryFailed(DeliveryReport<byte[]?, byte[]> report) =>
        Sent.Add(1, System, new KeyValuePair<string, object?>("messaging.destination.name", report.Topic), new KeyValuePair<string, object?>("error.type", report.Error.Code.ToString()));

    internal static void ReportLag(object consumer, string group, IReadOnlyList<PartitionLag>? lags) => Lags.Report(consumer, lags, group);

    /// <summary>
    /// Starts the producer <c>send {topic}</c> span of an offer (a record with a <see cref="OutboundRecord.LatencyOrigin"/>)
    /// that carries a <c>traceparent</c> (its signal's trace), or returns <c>null</c> when nobody listens or the record is
    /// not such an offer. Dead letters are left alone: they keep the original record's headers unchanged.
    /// </summary>
    internal static Activity? StartSend(OutboundRecord record)
    {
        if (record.LatencyOrigin is null || !ActivitySource.HasListeners())
        {
            return null;
        }

        byte[]? traceParent = null;
        foreach (var header in record.Headers)
        {
            if (header.Key == "traceparent")
            {
                traceParent = header.Value;
            }
        }

        if (traceParent is null || !ActivityContext.TryParse(Encoding.ASCII.GetString(traceParent), null, isRemote: false, out var parent))
        {
            return null;
        }

        var activity = ActivitySource.StartActivity("send " + record.Topic, ActivityKind.Producer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "send");
            activity.SetTag("messaging.operation.name", "send");
            activity.SetTag("messaging.destination.name", record.Topic);
        }

        return activity;
    }

    /// <summary>Ends a <c>send</c> span with its delivery report.</summary>
    internal static void EndSend(Activity activity, DeliveryReport<byte[]?, byte[]> report)
    {
        if (report.Error.IsError)
        {
            activity.SetStatus(ActivityStatusCode.Error, report.Error.Code.ToString());
        }
        else if (activity.IsAllDataRequested)
        {
            activity.SetTag("messaging.destination.partition.id", report.Partition.Value.ToString(global::System.Globalization.CultureInfo.InvariantCulture));
            activity.SetTag("messaging.kafka.offset", report.Offset.Value);
        }

        activity.Stop();
    }
}
