namespace Momentary.Pipeline.Processing;

/// <summary>Headers on every offer record (documented in <c>docs/contracts.md</c>).</summary>
public static class OfferHeaders
{
    /// <summary>Contract version of the payload: <c>momentary.offer.v1</c>.</summary>
    public const string Schema = "momentary.schema";

    /// <summary>Timestamp (Unix ms) of the signal record that triggered the offer: end-to-end latency starts here.</summary>
    public const string SignalTimestamp = "momentary.signal-ts";

    /// <summary>
    /// W3C trace context: the signal's <c>process</c> span when tracing is on, else the signal record's own
    /// <c>traceparent</c> passed on; absent when neither exists.
    /// </summary>
    public const string TraceParent = "traceparent";
}
