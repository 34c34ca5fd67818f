using System.Collections.Concurrent;
using Momentary.Core.Context;

namespace Momentary.Pipeline.Tests.Support;

/// <summary>
/// Wraps a store, makes every call truly asynchronous with a small delay (widening any race window), and
/// records whether two operations for one customer ever overlapped.
/// </summary>
internal sealed class DelayingStore(ICustomerContextStore inner) : DelegatingContextStore(inner)
{
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private int _customersInFlight;
    private int _maxCustomers;
    private int _overlaps;
    private int _loads;
    private int _outOfOrder;
    private readonly ConcurrentDictionary<string, DateTimeOffset> _lastSaved = new(StringComparer.Ordinal);

    public int SameCustomerOverlaps => Volatile.Read(ref _overlaps);

    public int MaxConcurrentCustomers => Volatile.Read(ref _maxCustomers);

    public int Loads => Volatile.Read(ref _loads);

    /// <summary>Saves whose state was last seen earlier than the customer's previous save: their signals ran out of order.</summary>
    public int OutOfOrderSaves => Volatile.Read(ref _outOfOrder);

    public override async ValueTask<CustomerContext> LoadAsync(ContextQuery query, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _loads);
        Enter(query.CustomerId);
        await Task.Delay(1, cancellationToken);
        return await Inner.LoadAsync(query, cancellationToken);
    }

    public override async ValueTask<StateWriteOutcome> SaveStateAsync(string customerId, CustomerState state, long epoch = 0, CancellationToken cancellationToken = default)
    {
        await Task.Delay(1, cancellationToken);
        if (state.LastSeen is { } seen && _lastSaved.TryGetValue(customerId, out var before) && seen < before)
        {
            Interlocked.Increment(ref _outOfOrder);
        }

        _lastSaved[customerId] = state.LastSeen ?? default;
        var outcome = await Inner.SaveStateAsync(customerId, state, epoch, cancellationToken);
        Leave(customerId);
        return outcome;
    }

    // A location signal is one load followed by one state save; a customer is "in flight" between the two.
    private void Enter(string customerId)
    {
        if (_inFlight.AddOrUpdate(customerId, 1, (_, n) => n + 1) > 1)
        {
            Interlocked.Increment(ref _overlaps);
        }

        var now = Interlocked.Increment(ref _customersInFlight);
        int max;
        while (now > (max = Volatile.Read(ref _maxCustomers)) && Interlocked.CompareExchange(ref _maxCustomers, now, max) != max)
        {
        }
    }

    private void Leave(string customerId)
    {
        _inFlight.AddOrUpdate(customerId, 0, (_, n) => n - 1);
        Interlocked.Decrement(ref _customersInFlight);
    }
}
