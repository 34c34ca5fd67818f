using Momentary.Core.Messaging;

namespace Momentary.Kafka;

/// <summary>Records to produce for one element and what to pass on once all of them are acknowledged.</summary>
public sealed record ProducerEnvelope<TPass>(IReadOnlyList<OutboundRecord> Records, TPass PassThrough);
