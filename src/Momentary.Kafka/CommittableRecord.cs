using Momentary.Core.Messaging;

namespace Momentary.Kafka;

/// <summary>A consumed record and its committable offset.</summary>
public sealed record CommittableRecord(InboundRecord Record, CommittableOffset Offset);
