using Momentary.Core.Context;
using Momentary.Core.Messaging;
using Momentary.Core.Rules;
using Momentary.Core.Rules.Tracing;
using Momentary.Pipeline.Telemetry;

namespace Momentary.Pipeline.Processing;

/// <summary>The processor's store calls: the context load (a child span when tracing) and the state write.</summary>
public sealed partial class SignalProcessor
{
    [ThreadStatic]
    private static List<OfferCandidate>? t_fired;

    // The one store round trip, as a child span of the signal's when tracing. Without a listener the store's own
    // ValueTask is returned as it is: no state machine of ours to box when the load does not complete at once.
    private ValueTask<CustomerContext> LoadAsync(ContextQuery query, CancellationToken ct) =>
        _measured && PipelineTelemetry.ActivitySource.HasListeners() ? LoadTracedAsync(query, ct) : _store.LoadAsync(query, ct);

    // The span is started inside the async method, so Activity.Current is restored for the caller when it returns.
    private async ValueTask<CustomerContext> LoadTracedAsync(ContextQuery query, CancellationToken ct)
    {
        using var span = SignalTracing.StartChild("context load");
        return await _store.LoadAsync(query, ct).ConfigureAwait(false);
    }

    // Matches into this thread's scratch list, which is used only until the caller's next await.
    private (List<OfferCandidate> Fired, DecisionTracer? Tracer, NoOfferReason Missed) Match(RuleBook book, in EvaluationInput input)
    {
        var fired = t_fired ??= [];
        fired.Clear();
        var tracer = TraceDecisions ? new DecisionTracer() : null;
        return (fired, tracer, book.Match(input, fired, tracer));
    }

    // Friends' visits at the venues a rule asked about while matching without them (docs/context-store.md,
    // "Friends' visits joined when a rule asks"): the second round trip of the few signals that get that far.
    private async ValueTask<CustomerContext> JoinFriendVisitsAsync(string customerId, CustomerContext context, FriendVisitsAsked asked, long epoch, TimeSpan window, DateTimeOffset now, CancellationToken ct)
    {
        var query = new ContextQuery(customerId, [.. asked.Venues], window, now) { Epoch = epoch, Parts = ContextParts.FriendVisits };
        var joined = await LoadAsync(query, ct).ConfigureAwait(false);
        return context with { FriendVisits = joined.FriendVisits, FriendVisitsAsked = null };
    }

    // Under the epoch of the task that delivered the record. A refused write (fenced off by a newer owner, or a customer
    // without a profile) is counted, not retried: a write-behind store reports its refusals when it flushes.
    private async ValueTask SaveIfChangedAsync(InboundRecord record, string customerId, CustomerState before, CustomerState after, CancellationToken ct)
    {
        if (ReferenceEquals(before, after))
        {
            return;
        }

        var outcome = await _store.SaveStateAsync(customerId, after, record.Epoch, ct).ConfigureAwait(false);
        if (outcome != StateWriteOutcome.Written && _measured)
        {
            PipelineTelemetry.CountRefusedWrites(outcome, 1);
        }
    }
}
