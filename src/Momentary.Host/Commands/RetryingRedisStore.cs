using Momentary.Core.Context;
using Momentary.Redis.Resilience;
using Momentary.Redis.Store;

namespace Momentary.Host.Commands;

/// <summary>The Redis store behind its retrying decorator; disposing closes the connection.</summary>
public sealed class RetryingRedisStore(RedisContextStore redis, RetryingContextStore retrying) : ICustomerContextStore, IDisposable
{
    /// <summary>The store itself, without retries (for its invalidation channel).</summary>
    public RedisContextStore Redis => redis;

    /// <summary>Healthy or degraded (retrying).</summary>
    public ContextStoreStatus Status => retrying.Status;

    public ValueTask<CustomerContext> LoadAsync(ContextQuery query, CancellationToken cancellationToken = default) => retrying.LoadAsync(query, cancellationToken);

    public ValueTask SaveStateAsync(string customerId, CustomerState state, CancellationToken cancellationToken = default) => retrying.SaveStateAsync(customerId, state, cancellationToken);

    public ValueTask<ReservationResult> ReserveAsync(OfferReservation reservation, CancellationToken cancellationToken = default) => retrying.ReserveAsync(reservation, cancellationToken);

    public ValueTask UpsertProfileAsync(CustomerProfile profile, CancellationToken cancellationToken = default) => retrying.UpsertProfileAsync(profile, cancellationToken);

    public ValueTask AddFriendshipAsync(string customerId, string friendId, CancellationToken cancellationToken = default) => retrying.AddFriendshipAsync(customerId, friendId, cancellationToken);

    public ValueTask RecordCheckInAsync(string customerId, string venueId, DateTimeOffset at, TimeSpan retention, CancellationToken cancellationToken = default) => retrying.RecordCheckInAsync(customerId, venueId, at, retention, cancellationToken);

    public ValueTask RecordPositionAsync(string customerId, double latitude, double longitude, DateTimeOffset at, TimeSpan ttl, CancellationToken cancellationToken = default) => retrying.RecordPositionAsync(customerId, latitude, longitude, at, ttl, cancellationToken);

    public ValueTask<IReadOnlyList<FriendPosition>> LoadFriendPositionsAsync(string customerId, DateTimeOffset now, TimeSpan maxAge, CancellationToken cancellationToken = default) => retrying.LoadFriendPositionsAsync(customerId, now, maxAge, cancellationToken);

    public ValueTask RegisterReferralAsync(ReferralLink link, CancellationToken cancellationToken = default) => retrying.RegisterReferralAsync(link, cancellationToken);

    public ValueTask<ReferralCredit?> CreditReferralAsync(string code, string buyerId, string purchaseId, decimal amount, DateTimeOffset at, CancellationToken cancellationToken = default) => retrying.CreditReferralAsync(code, buyerId, purchaseId, amount, at, cancellationToken);

    public ValueTask<decimal> LoadReferralEarningsAsync(string customerId, string month, CancellationToken cancellationToken = default) => retrying.LoadReferralEarningsAsync(customerId, month, cancellationToken);

    public ValueTask<long> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default) => retrying.EraseCustomerAsync(customerId, cancellationToken);

    public void Dispose() => redis.Dispose();
}
