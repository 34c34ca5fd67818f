namespace Momentary.Core.Messaging;

/// <summary>A record to produce (an offer or a dead letter), independent of the Kafka client.</summary>
/// <param name="Topic">Destination topic.</param>
/// <param name="Key">Record key (customer id for offers, so one customer's offers stay in order).</param>
/// <param name="Value">Payload.</param>
/// <param name="Headers">Headers (trace context, dead-letter reasons); empty when none.</param>
public sealed record OutboundRecord(string Topic, string? Key, byte[] Value, IReadOnlyList<RecordHeader> Headers)
{
    /// <summary>
    /// When the cause of this record entered the system (an offer's signal record timestamp); the producer measures the
    /// end-to-end latency from it once Kafka acknowledges the record. <c>null</c> (dead letters, control records): not measured.
    /// </summary>
    public DateTimeOffset? LatencyOrigin { get; init; }
}
