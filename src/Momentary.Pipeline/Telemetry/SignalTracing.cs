using System.Diagnostics;
using System.Text;
using Momentary.Core.Messaging;

namespace Momentary.Pipeline.Telemetry;

/// <summary>
/// The spans of one signal: a consumer <c>process</c> span parented from the record's W3C <c>traceparent</c> header and
/// its children. Nothing is parsed or allocated unless a listener is attached to <see cref="PipelineTelemetry.ActivitySource"/>
/// (and then only for records the sampler keeps): the hot path pays one <c>HasListeners</c> check per signal.
/// </summary>
public static class SignalTracing
{
    /// <summary>The W3C trace-context header carrying the parent span (https://www.w3.org/TR/trace-context/).</summary>
    public const string TraceParentHeader = "traceparent";

    /// <summary>The W3C trace-context header carrying vendor state, passed on with <see cref="TraceParentHeader"/>.</summary>
    public const string TraceStateHeader = "tracestate";

    /// <summary>
    /// Starts the <c>process {topic}</c> consumer span for <paramref name="record"/> (messaging semantic conventions), or
    /// returns <c>null</c> when nobody listens or the sampler drops it. Never fails on a malformed <c>traceparent</c>: the
    /// span then starts a new trace.
    /// </summary>
    public static Activity? StartProcess(InboundRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        var source = PipelineTelemetry.ActivitySource;
        if (!source.HasListeners())
        {
            return null;
        }

        ActivityContext parent = default;
        if (Find(record.Headers, TraceParentHeader) is { } traceParent)
        {
            var state = Find(record.Headers, TraceStateHeader);
            ActivityContext.TryParse(Encoding.ASCII.GetString(traceParent), state is null ? null : Encoding.ASCII.GetString(state), isRemote: true, out parent);
        }

        var activity = source.StartActivity("process " + record.Topic, ActivityKind.Consumer, parent);
        if (activity is { IsAllDataRequested: true })
        {
            activity.SetTag("messaging.system", "kafka");
            activity.SetTag("messaging.operation.type", "process");
            activity.SetTag("messaging.operation.name", "process");
            activity.SetTag("messaging.destination.name", record.Topic);
            activity.SetTag("messaging.destination.partition.id", record.Partition);
            activity.SetTag("messaging.kafka.offset", record.Offset);
        }

        return activity;
    }

    /// <summary>Starts an internal child span of the current one (e.g. <c>context load</c>), or <c>null</c> when nobody listens.</summary>
    public static Activity? StartChild(string name) => PipelineTelemetry.ActivitySource.StartActivity(name);

    /// <summary>
    /// The <c>traceparent</c> an offer of <paramref name="source"/> carries: the current span's when tracing, otherwise the
    /// signal's own header passed on unchanged (so traces stay joined even where this process does not trace), or <c>null</c>.
    /// </summary>
    public static byte[]? TraceParentFor(InboundRecord source)
    {
        ArgumentNullException.ThrowIfNull(source);
        return Activity.Current is { IdFormat: ActivityIdFormat.W3C } current
            ? Encoding.ASCII.GetBytes(current.Id!)
            : Find(source.Headers, TraceParentHeader);
    }

    /// <summary>The value of the last header named <paramref name="key"/>, or <c>null</c>.</summary>
    public static byte[]? Find(IReadOnlyList<RecordHeader> headers, string key)
    {
        ArgumentNullException.ThrowIfNull(headers);
        for (var i = headers.Count - 1; i >= 0; i--)
        {
            if (string.Equals(headers[i].Key, key, StringComparison.Ordinal))
            {
                return headers[i].Value;
            }
        }

        return null;
    }
}
