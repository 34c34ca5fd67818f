using System.Buffers;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
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
/// batching adds no latency; a busy one pays the per-element and per-write costs once per batch. With
/// <see cref="PipelineSettings.FlushStateEachBatch"/> off, the flush is left to whoever stores the offsets (the engine's
/// committer), which coalesces a customer's writes across batches.
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
        // One chain per created flow (a partition's): a batch starts processing once the previous batch has been
        // processed, while that one may still be flushing. Sharing one flow between materializations would still be
        // correct, only serialized.
        var chain = new BatchChain(settings.FlushStateEachBatch);
        return Flow.Create<(IReadOnlyList<InboundRecord> Records, TCtx Context)>()
            .SelectAsync(BatchesInFlight, async batch => ((IReadOnlyList<SignalOutcome>)await chain.ProcessAsync(processor, batch.Records, cancellationToken).ConfigureAwait(false), batch.Context));
    }

    /// <summary>
    /// Processes the batches of one flow: a batch's customers at once, one customer's signals strictly in order,
    /// batches one after another (so a customer's signal in the next batch sees the state this one wrote), then the
    /// store flushed before the outcomes move on (unless the committer flushes). Grouping a batch by customer replaces a per-record hand-off: a
    /// customer whose work completes synchronously (a cached context and nothing to write) costs no task at all.
    /// </summary>
    private sealed class BatchChain(bool flushEachBatch)
    {
        // Each thread's customer map for linking a batch's records (used only between a batch's arrival and its first record).
        [ThreadStatic]
        private static Dictionary<string, int>? t_last;

        private Task _processed = Task.CompletedTask;

        // Called by the stage in element order, so the chain is extended before this method's first await.
        public async Task<SignalOutcome[]> ProcessAsync(SignalProcessor processor, IReadOnlyList<InboundRecord> batch, CancellationToken ct)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var previous = Interlocked.Exchange(ref _processed, done.Task);
            var outcomes = new SignalOutcome[batch.Count];
            try
            {
                await previous.ConfigureAwait(false); // never faults: completed with SetResult only
                await ProcessByCustomerAsync(processor, batch, outcomes, ct).ConfigureAwait(false);
            }
            finally
            {
                done.SetResult();
            }

            if (flushEachBatch)
            {
                await processor.FlushAsync(ct).ConfigureAwait(false);
            }

            return outcomes;
        }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
        private static async ValueTask ProcessByCustomerAsync(SignalProcessor processor, IReadOnlyList<InboundRecord> batch, SignalOutcome[] outcomes, CancellationToken ct)
        {
            if (batch.Count == 1)
            {
                outcomes[0] = await processor.ProcessAsync(batch[0], ct).ConfigureAwait(false);
                return;
            }

            // next[i]: the index of the same customer's next record (-1: none); after the batch's links, each customer's
            // first record. Records without a key (contract violations, rare) share one chain and are still processed.
            // The arrays are rented (they live across the awaits below); the customer map is this thread's scratch,
            // emptied before any record is processed.
            var count = batch.Count;
            var next = ArrayPool<int>.Shared.Rent(2 * count);
            var last = t_last ??= new Dictionary<string, int>(StringComparer.Ordinal);
            var customers = 0;
            for (var i = 0; i < count; i++)
            {
                next[i] = -1;
                var key = batch[i].Key ?? string.Empty;
                if (last.TryGetValue(key, out var previous))
                {
                    next[previous] = i;
                }
                else
                {
                    next[count + customers++] = i;
                }

                last[key] = i;
            }

            last.Clear();

            // Each customer's chain starts at their first record once every link is known; most complete synchronously.
            var chains = ArrayPool<ValueTask>.Shared.Rent(customers);
            for (var c = 0; c < customers; c++)
            {
                chains[c] = RunChainAsync(processor, batch, next, next[count + c], outcomes, ct);
            }

            // Every chain is awaited before the batch counts as processed, even when one fails (cancelled at shutdown),
            // so the next batch never overtakes a customer's signal still running here.
            Exception? failure = null;
            for (var c = 0; c < customers; c++)
            {
                try
                {
                    await chains[c].ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    failure ??= ex;
                }
            }

            ArrayPool<ValueTask>.Shared.Return(chains, clearArray: true);
            ArrayPool<int>.Shared.Return(next);
            if (failure is not null)
            {
                ExceptionDispatchInfo.Throw(failure);
            }
        }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
        private static async ValueTask RunChainAsync(SignalProcessor processor, IReadOnlyList<InboundRecord> batch, int[] next, int first, SignalOutcome[] outcomes, CancellationToken ct)
        {
            for (var i = first; i >= 0; i = next[i])
            {
                outcomes[i] = await processor.ProcessAsync(batch[i], ct).ConfigureAwait(false);
            }
        }
    }
}
