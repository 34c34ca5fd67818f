using Momentary.Core.Messaging;

namespace Momentary.Kafka;

/// <summary>
/// Consecutive records of one partition taken from its buffer at once, and the one offset that commits all of them
/// (<see cref="CommittableOffset.Count"/> equals <see cref="Records"/>' count).
/// </summary>
public sealed record CommittableBatch(IReadOnlyList<InboundRecord> Records, CommittableOffset Offset);
