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
    public static Flow<(InboundRecord Record, TCtx Context), (SignalOutcome Outcome, TCtx Context), NotUsed> Create<TCtx>(SignalProcessor processor, PipelineSettings settings, CancellationToken cancellationToken = default) =>
        CreateBatched<TCtx>(processor, settings, cancellationToken).SelectMany(outcomes => outcomes);

    /// <summary>
    /// The same flow emitting whole batches (in order), for callers that carry a batch on as one element — one
    /// producer envelope and one commit per batch rather than per record.
    /// </summary>
    public static Flow<(InboundRecord Record, TCtx Context), IReadOnlyList<(SignalOutcome Outcome, TCtx Context)>, NotUsed> CreateBatched<TCtx>(SignalProcessor processor, PipelineSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(settings);
        // One serializer per created flow. Sharing it between materializations would still be correct (a key
        // only ever waits for its own earlier work), so no per-materialization setup is needed.
        var serializer = new CustomerSerializer();
        return Flow.Create<(InboundRecord Record, TCtx Context)>()
            .Batch(settings.ParallelismPerPartition, first => new List<(InboundRecord Record, TCtx Context)>(settings.ParallelismPerPartition) { first }, (batch, next) =>
            {
                batch.Add(next);
                return batch;
            })
            .SelectAsync(BatchesInFlight, batch => ProcessBatchAsync(serializer, processor, batch, cancellationToken));
    }

    private static async Task<IReadOnlyList<(SignalOutcome Outcome, TCtx Context)>> ProcessBatchAsync<TCtx>(CustomerSerializer serializer, SignalProcessor processor, List<(InboundRecord Record, TCtx Context)> batch, CancellationToken ct)
    {
        var work = new Task<SignalOutcome>[batch.Count];
        for (var i = 0; i < work.Length; i++)
        {
            // Records without a key share one lane; they are rare (contract violations) and still get processed.
            work[i] = serializer.RunAsync(batch[i].Record.Key ?? string.Empty, (processor, batch[i].Record, ct), static s => s.processor.ProcessAsync(s.Record, s.ct));
        }

        var outcomes = new (SignalOutcome, TCtx)[work.Length];
        for (var i = 0; i < work.Length; i++)
        {
            outcomes[i] = (await work[i].ConfigureAwait(false), batch[i].Context);
        }

        await processor.FlushAsync(ct).ConfigureAwait(false);
        return outcomes;
    }
}
