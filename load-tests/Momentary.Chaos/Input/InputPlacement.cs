using Confluent.Kafka;

namespace Momentary.Chaos.Input;

/// <summary>Where Kafka put each input record of one world: maps a dead letter's source coordinates back to the record.</summary>
internal sealed class InputPlacement(IReadOnlyDictionary<TopicPartitionOffset, int> indexByCoordinates)
{
    /// <summary>The index of the input record at these coordinates, if the feeder produced one there.</summary>
    public int? IndexAt(string topic, int partition, long offset) =>
        indexByCoordinates.TryGetValue(new TopicPartitionOffset(topic, partition, offset), out var i) ? i : null;
}
