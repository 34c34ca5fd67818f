using Momentary.Core.Messaging;

namespace Momentary.Kafka;

/// <summary>
/// Records of one task taken from its buffer at once, in merge order, and the one offset that commits all of them
/// (<see cref="CommittableOffset.Count"/> equals <see cref="Records"/>' count).
/// </summary>
public sealed record CommittableBatch(IReadOnlyList<InboundRecord> Records, CommittableOffset Offset);
