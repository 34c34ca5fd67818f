namespace Momentary.Core.Messaging;

/// <summary>A record read from a signal topic, independent of the Kafka client so the graph runs without Kafka.</summary>
/// <param name="Topic">Source topic.</param>
/// <param name="Partition">Source partition.</param>
/// <param name="Offset">Source offset.</param>
/// <param name="Key">Record key (the customer id by contract); may be absent on malformed input.</param>
/// <param name="Value">Raw payload.</param>
/// <param name="Timestamp">The record's timestamp (producer create time): the start of the end-to-end latency clock.</param>
public sealed record InboundRecord(string Topic, int Partition, long Offset, string? Key, ReadOnlyMemory<byte> Value, DateTimeOffset Timestamp)
{
    /// <summary>
    /// The ownership epoch of the task that delivered the record (its fencing token; 0 outside the engine): the state
    /// its processing writes is fenced by it (docs/context-store.md, "Fenced writes").
    /// </summary>
    public long Epoch { get; init; }

    /// <summary>
    /// The record's headers as read (e.g. a W3C <c>traceparent</c>), in order; empty when it had none. Dead letters keep
    /// them and an offer carries the trace context on.
    /// </summary>
    public IReadOnlyList<RecordHeader> Headers { get; init; } = [];
}
