using Momentary.Chaos.Worlds;

namespace Momentary.Chaos.Input;

/// <summary>One record of the seeded input, produced byte for byte the same into every world.</summary>
/// <param name="Index">Position in production order (the record's identity across worlds).</param>
/// <param name="Topic">Which signal topic it goes to.</param>
/// <param name="Key">The Kafka key (the customer id for good records; anything for hostile ones).</param>
/// <param name="Value">The Kafka value.</param>
/// <param name="Timestamp">The Kafka record timestamp: the signal's event time.</param>
/// <param name="Hostile">The hostile category, or null for a good signal.</param>
internal sealed record InputRecord(int Index, SignalTopic Topic, byte[]? Key, byte[] Value, DateTimeOffset Timestamp, string? Hostile)
{
    public bool IsHostile => Hostile is not null;
}
