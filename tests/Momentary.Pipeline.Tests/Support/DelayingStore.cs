using System.Collections.Concurrent;
using Momentary.Core.Context;

namespace Momentary.Pipeline.Tests.Support;

/// <summary>
/// Wraps a store, makes every call truly asynchronous with a small delay (widening any race window), and
/// records whether two operations for one customer ever overlapped.
/// </summary>
internal sealed class DelayingStore(ICustomerContextStore inner) : ICustomerContextStore
{
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private int _customersInFlight;
    private int _maxCustomers;
    private int _overlaps;
    private int _loads;

    public int SameCustomerOverlaps => Volatile.Read(ref _overlaps);

    public int MaxConcurrentCustomers => Volatile.Read(ref _maxCustomers);

    public int Loads => Volatile.Read(ref _loads);

    public async ValueTask<CustomerContext> LoadAsync(ContextQuery query, CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref _loads);
        Enter(query.CustomerId);
        await Task.Delay(1, cancellationToken);
        return await inner.LoadAsync(query, cancellationToken);
    }

    public async ValueTask SaveStateAsync(string customerId, CustomerState state, CancellationToken cancellationToken = default)
    {
        await Task.Delay(1, cancellationToken);
        await inner.SaveStateAsync(customerId, state, cancellationToken);
        Leave(customerId);
    }

    public ValueTask<ReservationResult> ReserveAsync(OfferReservation reservation, CancellationToken cancellationToken = default) => inner.ReserveAsync(reservation, cancellationToken);

    public ValueTask UpsertProfileAsync(CustomerProfile profile, CancellationToken cancellationToken = default) => inner.UpsertProfileAsync(profile, cancellationToken);

    public ValueTask AddFriendshipAsync(string customerId, string friendId, CancellationToken cancellationToken = default) => inner.AddFriendshipAsync(customerId, friendId, cancellationToken);

    public ValueTask RecordCheckInAsync(string customerId, string venueId, DateTimeOffset at, TimeSpan retention, CancellationToken cancellationToken = default) => inner.RecordCheckInAsync(customerId, venueId, at, retention, cancellationToken);

    public ValueTask RecordPositionAsync(string customerId, double latitude, double longitude, DateTimeOffset at, TimeSpan ttl, CancellationToken cancellationToken = default) => inner.RecordPositionAsync(customerId, latitude, longitude, at, ttl, cancellationToken);

    public ValueTask<IReadOnlyList<FriendPosition>> LoadFriendPositionsAsync(string customerId, DateTimeOffset now, TimeSpan maxAge, CancellationToken cancellationToken = default) => inner.LoadFriendPositionsAsync(customerId, now, maxAge, cancellationToken);

    public ValueTask RegisterReferralAsync(ReferralLink link, CancellationToken cancellationToken = default) => inner.RegisterReferralAsync(link, cancellationToken);

    public ValueTask<ReferralCredit?> CreditReferralAsync(string code, string buyerId, string purchaseId, decimal amount, DateTimeOffset at, CancellationToken cancellationToken = default) => inner.CreditReferralAsync(code, buyerId, purchaseId, amount, at, cancellationToken);

    public ValueTask<decimal> LoadReferralEarningsAsync(string customerId, string month, CancellationToken cancellationToken = default) => inner.LoadReferralEarningsAsync(customerId, month, cancellationToken);

    public ValueTask<long> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default) => inner.EraseCustomerAsync(customerId, cancellationToken);

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
