using Momentary.Core.Context;

namespace Momentary.Host.Explaining;

/// <summary>
/// The store an explanation runs the production processor against: reads go to the live store (or, when the context a
/// decision saw was recorded, return that), writes go nowhere, so explaining never changes a customer's state, spends
/// a cap or credits a referral. A reservation is answered from the live decision when it was recorded
/// (<paramref name="decided"/>: rule id → the outcome the live reservation got); otherwise it is not checked —
/// <see cref="Unchecked"/> lists the rules whose caps were not, so the trace can say so.
/// </summary>
/// <param name="inner">The live store, for reads.</param>
/// <param name="context">The context the live decision saw, returned by <see cref="LoadAsync"/> instead of reading the live store; <c>null</c> to read it.</param>
/// <param name="decided">The live reservation outcomes by rule id; <c>null</c> when not recorded.</param>
internal sealed class ReadOnlyContextStore(ICustomerContextStore inner, CustomerContext? context = null, IReadOnlyDictionary<string, ReservationOutcome>? decided = null) : ICustomerContextStore
{
    private readonly List<string> _unchecked = [];

    /// <summary>Rules whose reservation was answered "granted" without checking (no recorded live decision).</summary>
    public IReadOnlyList<string> Unchecked => _unchecked;

    public ValueTask<CustomerContext> LoadAsync(ContextQuery query, CancellationToken cancellationToken = default) =>
        context is not null ? ValueTask.FromResult(context) : inner.LoadAsync(query, cancellationToken);

    public ValueTask<StateWriteOutcome> SaveStateAsync(string customerId, CustomerState state, long epoch = 0, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(StateWriteOutcome.Written);

    public ValueTask<long> ClaimEpochAsync(TimeSpan maxDelay, CancellationToken cancellationToken = default) => ValueTask.FromResult(0L);

    public ValueTask<ReservationResult> ReserveAsync(OfferReservation reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        if (decided is not null && decided.TryGetValue(reservation.RuleId, out var outcome))
        {
            return ValueTask.FromResult(new ReservationResult(outcome, Replayed: true));
        }

        _unchecked.Add(reservation.RuleId);
        return ValueTask.FromResult(new ReservationResult(ReservationOutcome.Granted, Replayed: false));
    }

    public ValueTask UpsertProfileAsync(CustomerProfile profile, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask AddFriendshipAsync(string customerId, string friendId, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask RecordCheckInAsync(string customerId, string venueId, DateTimeOffset at, TimeSpan retention, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask RecordPositionAsync(string customerId, double latitude, double longitude, DateTimeOffset at, TimeSpan ttl, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask<IReadOnlyList<FriendPosition>> LoadFriendPositionsAsync(string customerId, DateTimeOffset now, TimeSpan maxAge, CancellationToken cancellationToken = default) =>
        inner.LoadFriendPositionsAsync(customerId, now, maxAge, cancellationToken);

    public ValueTask RegisterReferralAsync(ReferralLink link, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask<ReferralCredit?> CreditReferralAsync(string code, string buyerId, string purchaseId, decimal amount, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<ReferralCredit?>(null);

    public ValueTask<decimal> LoadReferralEarningsAsync(string customerId, string month, CancellationToken cancellationToken = default) =>
        inner.LoadReferralEarningsAsync(customerId, month, cancellationToken);

    public ValueTask<ReferralStatement> LoadReferralStatementAsync(string customerId, CancellationToken cancellationToken = default) =>
        inner.LoadReferralStatementAsync(customerId, cancellationToken);

    public ValueTask<long> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default) => ValueTask.FromResult(0L);
}
