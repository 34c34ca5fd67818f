using System.Runtime;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Confluent.Kafka;
using Momentary.Core.Messaging;
using Momentary.Kafka;
using Momentary.Pipeline.Graph;
using Momentary.Pipeline.Processing;

namespace Momentary.Host.Engine;

/// <summary>
/// The running processor: Kafka task source → per-task <see cref="SignalGraph"/> → producer → committer. A task
/// owns partition N of every (co-partitioned) signal topic and its one sub-stream merges them, so one customer's
/// signals are processed one at a time whatever topic they came on; its records carry the ownership epoch claimed
/// for it, which fences its state writes. Offsets are committed only after a signal's offers or dead letter are
/// acknowledged by Kafka (at-least-once, with deterministic offer ids so replays re-emit the same offers).
/// </summary>
internal sealed class MomentaryEngine : IAsyncDisposable
{
    private readonly ActorSystem _system;
    private readonly IDrainingControl _control;
    private readonly IProducer<byte[]?, byte[]> _producer;
    private readonly CancellationTokenSource _stopping;
    private int _disposed;

    private MomentaryEngine(ActorSystem system, IDrainingControl control, IProducer<byte[]?, byte[]> producer, CancellationTokenSource stopping, Task completion)
    {
        _system = system;
        _control = control;
        _producer = producer;
        _stopping = stopping;
        Completion = completion;
    }

    /// <summary>Completes when the stream stops; faults when a stage failed (e.g. a fatal producer error).</summary>
    public Task Completion { get; }

    /// <summary>The consumer's health now: brokers reachable, tasks assigned, poll loop alive.</summary>
    public ConsumerHealth Consumer => _control.Health;

    /// <summary>Starts consuming <see cref="EngineSettings.SignalTopics"/>.</summary>
    /// <exception cref="CoPartitioningException">The signal topics do not all exist with one partition count.</exception>
    /// <exception cref="KafkaException">No broker answered the start-up metadata request.</exception>
    public static MomentaryEngine Start(EngineSettings settings, SignalProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(processor);
        // Full blocking gen2 collections showed up in p99 (188-259 ms against ~65 ms in a 10-minute soak); with
        // sustained low latency the GC avoids them while memory allows, and the same soak kept p99 under 67 ms.
        GCSettings.LatencyMode = GCLatencyMode.SustainedLowLatency;
        var producer = settings.Producer.CreateProducer();
        try
        {
            CoPartitioning.Verify(producer, settings.SignalTopics, TimeSpan.FromSeconds(10));
        }
        catch
        {
            producer.Dispose();
            throw;
        }

        var system = ActorSystem.Create("momentary", "akka.loglevel = WARNING\nakka.stdout-loglevel = WARNING\nakka.log-dead-letters = off");
        var materializer = system.Materializer();
        WarmUp(producer, [settings.Pipeline.OfferTopic, settings.Pipeline.DeadLetterTopic]);
        SignalProcessor.WarmUpAsync().GetAwaiter().GetResult();
        var stopping = new CancellationTokenSource();
        // State is flushed by the committer before it stores offsets (coalescing a customer's writes within the
        // interval), or by the graph after every batch when the interval is zero.
        var flushOnCommit = settings.StateFlushInterval > TimeSpan.Zero;
        var pipeline = settings.Pipeline with { FlushStateEachBatch = !flushOnCommit };
        Func<CancellationToken, ValueTask>? flush = flushOnCommit ? _ => processor.FlushAsync(stopping.Token) : null;
        var committer = flushOnCommit ? settings.Committer with { MaxInterval = settings.StateFlushInterval, MaxBatch = 10_000, BeforeStore = flush } : settings.Committer;

        // Each task claims its ownership epoch from the store; a claim must reach it well within a session timeout.
        // The graph reads a record's value only while processing it (decoding it, or copying it into a dead letter),
        // so the consumer lends it the bytes in its own buffers until its batch is processed (ToEnvelope).
        var consumer = (settings.Consumer.ClaimEpoch is null
            ? settings.Consumer with { ClaimEpoch = ct => processor.ClaimEpochAsync(ClaimDelay(settings.Consumer), ct).AsTask() }
            : settings.Consumer) with { LendRecordValues = true };

        // Pre-materialize the source to get its draining control; the tasks then merge into one committer.
        var (control, tasks) = KafkaSource.CommittableTaskBatches(consumer, settings.SignalTopics, pipeline.ParallelismPerPartition).PreMaterialize(materializer);
        // A task's records travel in batches (what its buffers held when pulled) from the source to the commit:
        // one element through the graph, one envelope (every outbound record of the batch, acknowledged together)
        // and one commit element (an offset covering the batch) per batch.
        var outcomes = tasks
            .MergeMany(settings.MaxTasks, task => task.Batches
                .Select(b => (b.Records, b.Offset))
                .Via(SignalGraph.CreateBatched<CommittableOffset>(processor, pipeline, stopping.Token))
                .Select(ToEnvelope));

        // At-least-once: produce, then store offsets. Exactly-once: outcomes and offsets in one transaction.
        var completion = settings.Producer.TransactionalId is null
            ? outcomes.Via(KafkaFlows.Produce<CommittableOffset>(settings.Producer, producer)).RunWith(KafkaCommitter.Sink(committer), materializer)
            : outcomes.RunWith(KafkaTransactions.Sink(settings.Producer, producer, flush), materializer);

        return new MomentaryEngine(system, control, producer, stopping, completion);
    }

    // Half the session timeout, at most 5 s: a claim delayed longer could arrive after the group moved the task on.
    private static TimeSpan ClaimDelay(KafkaConsumerSettings consumer) =>
        TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(5).Ticks, consumer.SessionTimeout.Ticks / 2));

    private static ProducerEnvelope<CommittableOffset> ToEnvelope((IReadOnlyList<SignalOutcome> Outcomes, CommittableOffset Offset) batch)
    {
        // Every record of the batch is processed, and what goes on (offers, dead letters) holds copies: the lanes may
        // reuse the bytes its values were lent from now, not only once the offset is committed after the state flush.
        batch.Offset.ReleaseValues();
        IReadOnlyList<OutboundRecord> records = [];
        List<OutboundRecord>? several = null;
        foreach (var outcome in batch.Outcomes)
        {
            if (outcome.Outbound.Count == 0)
            {
                continue;
            }

            if (records.Count == 0)
            {
                records = outcome.Outbound;
                continue;
            }

            several ??= [.. records];
            several.AddRange(outcome.Outbound);
        }

        return new ProducerEnvelope<CommittableOffset>(several ?? records, batch.Offset);
    }

    // The first record to a topic waits for a metadata round trip; fetch it before the first offer, not during it.
    private static void WarmUp(IProducer<byte[]?, byte[]> producer, string[] topics)
    {
        using var admin = new DependentAdminClientBuilder(producer.Handle).Build();
        foreach (var topic in topics)
        {
            try
            {
                admin.GetMetadata(topic, TimeSpan.FromSeconds(5));
            }
            catch (KafkaException)
            {
                // Best effort: the first produce fetches it anyway.
            }
        }
    }

    /// <summary>Stops fetching, drains in-flight work, commits, leaves the group, within the consumer's drain bound.</summary>
    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        await _control.DrainAndShutdownAsync(cancellationToken).ConfigureAwait(false);
        await _stopping.CancelAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Disposed without a stop: end the poll loop too (no drain: whatever is uncommitted is reprocessed).
        if (!_control.Closed.IsCompleted)
        {
            try
            {
                await _control.DrainAndShutdownAsync(new CancellationToken(canceled: true)).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            await Task.WhenAny(_control.Closed, Task.Delay(TimeSpan.FromSeconds(10), TimeProvider.System, CancellationToken.None)).ConfigureAwait(false);
        }

        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
        await _system.Terminate().ConfigureAwait(false);
        _stopping.Dispose();
    }
}
