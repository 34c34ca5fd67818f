using Akka.Streams.Dsl;
using Confluent.Kafka;
using Momentary.Kafka.Producing;
using Momentary.Kafka.Telemetry;

namespace Momentary.Kafka;

/// <summary>
/// Exactly-once mode: outcomes and consumed offsets committed atomically in Kafka transactions
/// (consume-transform-produce, KIP-447). Consumers of the output must read with <c>isolation.level=read_committed</c>.
/// </summary>
public static class KafkaTransactions
{
    /// <summary>
    /// Replaces <see cref="KafkaFlows.Produce{TPass}"/> + <see cref="KafkaCommitter.Sink"/>: groups envelopes into
    /// transactions of at most <see cref="KafkaProducerSettings.MaxTransactionRecords"/> records or
    /// <see cref="KafkaProducerSettings.TransactionInterval"/>; each transaction produces the records and adds the
    /// next offset of every partition it covers with <c>SendOffsetsToTransaction</c>, then commits. Any failure
    /// aborts the open transaction and fails the stream: nothing of it becomes visible to read_committed readers,
    /// and a restart resumes from the last committed transaction (crash-only recovery, as a fenced zombie must).
    /// </summary>
    /// <param name="settings">Producer settings with a <see cref="KafkaProducerSettings.TransactionalId"/>.</param>
    /// <param name="producer">A producer created by <see cref="KafkaProducerSettings.CreateProducer"/> from those settings (transactions initialised).</param>
    /// <param name="beforeCommit">
    /// Awaited before each transaction begins (the engine flushes buffered state here, as
    /// <see cref="CommitterSettings.BeforeStore"/> does in at-least-once mode), so the offsets a transaction commits never
    /// run ahead of the state their records wrote. A failure fails the stream before anything of the group is produced.
    /// </param>
    public static Sink<ProducerEnvelope<CommittableOffset>, Task> Sink(KafkaProducerSettings settings, IProducer<byte[]?, byte[]> producer, Func<CancellationToken, ValueTask>? beforeCommit = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(producer);
        if (settings.TransactionalId is null)
        {
            throw new ArgumentException("exactly-once mode needs a TransactionalId", nameof(settings));
        }

        return Flow.Create<ProducerEnvelope<CommittableOffset>>()
            .GroupedWithin(settings.MaxTransactionRecords, settings.TransactionInterval)
            .SelectAsync(1, async batch =>
            {
                if (beforeCommit is not null)
                {
                    await beforeCommit(CancellationToken.None).ConfigureAwait(false);
                }

                return await Task.Run(() => Commit(producer, batch.ToList())).ConfigureAwait(false);
            })
            .ToMaterialized(Akka.Streams.Dsl.Sink.Ignore<int>(), Keep.Right)
            .MapMaterializedValue(done => (Task)done);
    }

    private static int Commit(IProducer<byte[]?, byte[]> producer, List<ProducerEnvelope<CommittableOffset>> batch)
    {
        var timeout = TimeSpan.FromSeconds(30);
        var records = 0;
        foreach (var envelope in batch)
        {
            records += envelope.Records.Count;
        }

        producer.BeginTransaction();
        try
        {
            var completion = new EnvelopeCompletion<int>(records, Math.Max(records, 1));
            if (records == 0)
            {
                completion.OnDelivery(new DeliveryReport<byte[]?, byte[]> { Error = new Error(ErrorCode.NoError) });
            }

            foreach (var envelope in batch)
            {
                foreach (var record in envelope.Records)
                {
                    producer.Produce(record.Topic, KafkaFlows.ToMessage(record), completion.OnDelivery);
                }
            }

            // Per consumer (one per process in practice) and partition: the offset after the highest consumed.
            foreach (var group in batch.GroupBy(e => e.PassThrough.Owner.Owner))
            {
                var offsets = group
                    .SelectMany(e => e.PassThrough.Positions)
                    .GroupBy(p => p.TopicPartition)
                    .Select(p => new TopicPartitionOffset(p.Key, p.Max(o => o.Offset.Value) + 1))
                    .ToList();
                producer.SendOffsetsToTransaction(offsets, group.Key.GroupMetadata, timeout);
            }

            producer.CommitTransaction(timeout);
            completion.Task.GetAwaiter().GetResult(); // every delivery report is in by now; surface a failed one
        }
        catch
        {
            try
            {
                producer.AbortTransaction(timeout);
            }
            catch (KafkaException)
            {
                // Fenced or fatal: the transaction is dead either way, and the stream fails below.
            }

            throw;
        }

        // Offers become visible to read_committed readers now: this is when their end-to-end latency ends.
        foreach (var envelope in batch)
        {
            KafkaTelemetry.Delivered(envelope.Records);
            envelope.PassThrough.ReleaseValues(); // committed: nothing reads its records' values any more
        }

        foreach (var group in batch.GroupBy(e => e.PassThrough.Owner))
        {
            group.Key.CompletedInTransaction(group.Sum(e => e.PassThrough.Count));
        }

        return records;
    }
}
