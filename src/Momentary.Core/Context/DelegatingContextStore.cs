namespace Momentary.Core.Context;

/// <summary>
/// A store that hands every call to an inner store; decorators (caching, test doubles) override what they change.
/// Flushes are forwarded too, so a decorator never hides a write-behind store's durability point.
/// </summary>
public abstract class DelegatingContextStore(ICustomerContextStore inner) : ICustomerContextStore
{
    /// <summary>The store calls are handed to.</summary>
    protected ICustomerContextStore Inner { get; } = inner ?? throw new ArgumentNullException(nameof(inner));

    /// <inheritdoc />
    public virtual ValueTask<CustomerContext> LoadAsync(ContextQuery query, CancellationToken cancellationToken = default) => Inner.LoadAsync(query, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<StateWriteOutcome> SaveStateAsync(string customerId, CustomerState state, long epoch = 0, CancellationToken cancellationToken = default) => Inner.SaveStateAsync(customerId, state, epoch, cancellationToken);

    /// <inheritdoc />
    /// <remarks>Forwards the whole batch: a subclass that changes <see cref="SaveStateAsync"/> changes this too.</remarks>
    public virtual ValueTask<IReadOnlyList<StateWriteOutcome>> SaveStatesAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken = default) => Inner.SaveStatesAsync(writes, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask FlushAsync(CancellationToken cancellationToken = default) => Inner.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<long> ClaimEpochAsync(TimeSpan maxDelay, CancellationToken cancellationToken = default) => Inner.ClaimEpochAsync(maxDelay, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<ReservationResult> ReserveAsync(OfferReservation reservation, CancellationToken cancellationToken = default) => Inner.ReserveAsync(reservation, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask UpsertProfileAsync(CustomerProfile profile, CancellationToken cancellationToken = default) => Inner.UpsertProfileAsync(profile, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask AddFriendshipAsync(string customerId, string friendId, CancellationToken cancellationToken = default) => Inner.AddFriendshipAsync(customerId, friendId, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask RecordCheckInAsync(string customerId, string venueId, DateTimeOffset at, TimeSpan retention, CancellationToken cancellationToken = default) => Inner.RecordCheckInAsync(customerId, venueId, at, retention, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask RecordPositionAsync(string customerId, double latitude, double longitude, DateTimeOffset at, TimeSpan ttl, CancellationToken cancellationToken = default) => Inner.RecordPositionAsync(customerId, latitude, longitude, at, ttl, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<IReadOnlyList<FriendPosition>> LoadFriendPositionsAsync(string customerId, DateTimeOffset now, TimeSpan maxAge, CancellationToken cancellationToken = default) => Inner.LoadFriendPositionsAsync(customerId, now, maxAge, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask RegisterReferralAsync(ReferralLink link, CancellationToken cancellationToken = default) => Inner.RegisterReferralAsync(link, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<ReferralCredit?> CreditReferralAsync(string code, string buyerId, string purchaseId, decimal amount, DateTimeOffset at, CancellationToken cancellationToken = default) => Inner.CreditReferralAsync(code, buyerId, purchaseId, amount, at, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<decimal> LoadReferralEarningsAsync(string customerId, string month, CancellationToken cancellationToken = default) => Inner.LoadReferralEarningsAsync(customerId, month, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<ReferralStatement> LoadReferralStatementAsync(string customerId, CancellationToken cancellationToken = default) => Inner.LoadReferralStatementAsync(customerId, cancellationToken);

    /// <inheritdoc />
    public virtual ValueTask<long> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default) => Inner.EraseCustomerAsync(customerId, cancellationToken);
}
