using Akka;
using Akka.Streams.Dsl;
using Momentary.Core.Messaging;
using Momentary.Pipeline.Processing;

namespace Momentary.Pipeline.Graph;

/// <summary>
/// The processing graph, generic over the offset context <c>TCtx</c> (a Kafka committable offset
/// in production, anything in tests), the way Akka.Streams.Kafka's <c>FlowWithContext</c> is: the graph never
/// sees Kafka. Materialize it once per partition: output order equals input order (so commits stay in order).
/// Records that arrive while the partition is busy are gathered into a batch of up to
/// <see cref="PipelineSettings.ParallelismPerPartition"/>: its customers are processed at once (one customer's
/// signals strictly in order), then the store is flushed once for the whole batch (write-behind state becomes
/// durable) before any of its outcomes, and so its offsets, move on. An idle partition forms batches of one, so
/// batching adds no latency; a busy one pays the per-element and per-write costs once per batch.
/// </summary>
public static class SignalGraph
{
    /// <summary>Batches in flight per partition: one being processed while the previous one flushes.</summary>
    private const int BatchesInFlight = 2;

    /// <summary>A flow from inbound records to their outcomes, each paired with its context.</summary>
    public static Flow<(InboundRecord Record, TCtx Context), (SignalOutcome Outcome, TCtx Context), NotUsed> Create<TCtx>(SignalProcessor processor, PipelineSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var max = settings.ParallelismPerPartition;
        return Flow.Create<(InboundRecord Record, TCtx Context)>()
            .Batch(max, first => new List<(InboundRecord Record, TCtx Context)>(max) { first }, (batch, next) =>
            {
                batch.Add(next);
                return batch;
            })
            .Select(batch => ((IReadOnlyList<InboundRecord>)batch.ConvertAll(pair => pair.Record), batch))
            .Via(CreateBatched<List<(InboundRecord Record, TCtx Context)>>(processor, settings, cancellationToken))
            .SelectMany(done => done.Outcomes.Select((outcome, i) => (outcome, done.Context[i].Context)));
    }

    /// <summary>
    /// The same processing for records that arrive already batched (a Kafka partition's source takes what its
    /// buffer holds, up to <see cref="PipelineSettings.ParallelismPerPartition"/>, at each pull): one element in,
    /// one element out, the outcomes in record order, so a batch is carried on as one producer envelope and one
    /// commit.
    /// </summary>
    public static Flow<(IReadOnlyList<InboundRecord> Records, TCtx Context), (IReadOnlyList<SignalOutcome> Outcomes, TCtx Context), NotUsed> CreateBatched<TCtx>(SignalProcessor processor, PipelineSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(settings);
        // One serializer per created flow. Sharing it between materializations would still be correct (a key
        // only ever waits for its own earlier work), so no per-materialization setup is needed.
        var serializer = new CustomerSerializer();
        return Flow.Create<(IReadOnlyList<InboundRecord> Records, TCtx Context)>()
            .SelectAsync(BatchesInFlight, async batch => ((IReadOnlyList<SignalOutcome>)await ProcessBatchAsync(serializer, processor, batch.Records, cancellationToken).ConfigureAwait(false), batch.Context));
    }

    private static async Task<SignalOutcome[]> ProcessBatchAsync(CustomerSerializer serializer, SignalProcessor processor, IReadOnlyList<InboundRecord> batch, CancellationToken ct)
    {
        var work = new Task<SignalOutcome>[batch.Count];
        for (var i = 0; i < work.Length; i++)
        {
            // Records without a key share one lane; they are rare (contract violations) and still get processed.
            work[i] = serializer.RunAsync(batch[i].Key ?? string.Empty, (processor, Record: batch[i], ct), static s => s.processor.ProcessAsync(s.Record, s.ct));
        }

        var outcomes = new SignalOutcome[work.Length];
        for (var i = 0; i < work.Length; i++)
        {
            outcomes[i] = await work[i].ConfigureAwait(false);
        }

        await processor.FlushAsync(ct).ConfigureAwait(false);
        return outcomes;
    }
}
