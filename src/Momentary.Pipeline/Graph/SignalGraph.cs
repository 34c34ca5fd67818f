using Akka;
using Akka.Streams.Dsl;
using Momentary.Core.Messaging;
using Momentary.Pipeline.Processing;

namespace Momentary.Pipeline.Graph;

/// <summary>
/// The processing graph, generic over the offset context <c>TCtx</c> (a Kafka committable offset
/// in production, anything in tests), the way Akka.Streams.Kafka's <c>FlowWithContext</c> is: the graph never
/// sees Kafka. Materialize it once per partition: output order equals input order (so commits stay in order),
/// while up to <see cref="PipelineSettings.ParallelismPerPartition"/> customers are processed at once.
/// </summary>
public static class SignalGraph
{
    /// <summary>A flow from inbound records to their outcomes, each paired with its context.</summary>
    public static Flow<(InboundRecord Record, TCtx Context), (SignalOutcome Outcome, TCtx Context), NotUsed> Create<TCtx>(SignalProcessor processor, PipelineSettings settings, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(processor);
        ArgumentNullException.ThrowIfNull(settings);
        // One serializer per created flow. Sharing it between materializations would still be correct (a key
        // only ever waits for its own earlier work), so no per-materialization setup is needed.
        var serializer = new CustomerSerializer();
        return Flow.Create<(InboundRecord Record, TCtx Context)>()
            .SelectAsync(settings.ParallelismPerPartition, element => ProcessAsync(serializer, processor, element, cancellationToken));
    }

    private static async Task<(SignalOutcome, TCtx)> ProcessAsync<TCtx>(CustomerSerializer serializer, SignalProcessor processor, (InboundRecord Record, TCtx Context) element, CancellationToken ct)
    {
        // Records without a key share one lane; they are rare (contract violations) and still get processed.
        var key = element.Record.Key ?? string.Empty;
        var outcome = await serializer.RunAsync(key, (processor, element.Record, ct), static s => s.processor.ProcessAsync(s.Record, s.ct)).ConfigureAwait(false);
        return (outcome, element.Context);
    }
}
