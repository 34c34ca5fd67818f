using Confluent.Kafka;
using Momentary.Kafka.Consuming;

namespace Momentary.Kafka;

/// <summary>
/// The position of consumed work, committable through the task that handed it out. It stands for a batch of
/// <see cref="Count"/> records taken from one task — several partitions of the task's topics, merged — and holds the
/// highest offset taken from each partition, so a batch is committed and accounted for with one element.
/// </summary>
public sealed class CommittableOffset
{
    private ChunkLoan[]? _loans;

    internal CommittableOffset(ConsumerTask owner, IReadOnlyList<TopicPartitionOffset> positions, int count, ChunkLoan[]? loans = null)
    {
        Owner = owner;
        Positions = positions;
        Count = count;
        _loans = loans;
    }

    /// <summary>Per partition, the offset of the last record covered.</summary>
    public IReadOnlyList<TopicPartitionOffset> Positions { get; }

    /// <summary>How many records, up to and including <see cref="Positions"/>, this offset completes.</summary>
    public int Count { get; }

    internal ConsumerTask Owner { get; }

    /// <summary>
    /// The records' values will not be read again (their processing is done): when the consumer lends values
    /// (<see cref="KafkaConsumerSettings.LendRecordValues"/>) it may reuse the buffers they point into from now on,
    /// instead of once the offset is committed. The engine calls it as soon as a batch is processed, so the buffers
    /// held are those of the records waiting in lanes or being processed, not also those waiting for the commit
    /// (docs/architecture.md, "Lane buffers are the consumer's, and lent"). The committer and the transactional sink
    /// call it too; only the first call does anything.
    /// </summary>
    public void ReleaseValues()
    {
        if (Interlocked.Exchange(ref _loans, null) is { } loans)
        {
            foreach (var loan in loans)
            {
                loan.Chunk.Release(loan.Records);
            }
        }
    }
}

/// <summary>Records of a batch whose values point into one lane chunk.</summary>
internal readonly record struct ChunkLoan(LaneChunk Chunk, int Records);
