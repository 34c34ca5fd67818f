namespace Momentary.Core.Messaging;

/// <summary>A record to produce (an offer or a dead letter), independent of the Kafka client.</summary>
/// <param name="Topic">Destination topic.</param>
/// <param name="Key">Record key (customer id for offers, so one customer's offers stay in order).</param>
/// <param name="Value">Payload.</param>
/// <param name="Headers">Headers (trace context, dead-letter reasons); empty when none.</param>
public sealed record OutboundRecord(string Topic, string? Key, byte[] Value, IReadOnlyList<RecordHeader> Headers);
