namespace Momentary.Core.Context;

/// <summary>
/// Customer context: profiles, engine state, social context and offer caps. Two implementations pass one
/// contract suite: Redis (production) and in-memory (demo, back-tests). Every method is safe to call
/// concurrently; failures surface as exceptions that the pipeline retries (see <c>docs/context-store.md</c>).
/// </summary>
public interface ICustomerContextStore
{
    /// <summary>Reads everything one signal needs, in one round trip.</summary>
    ValueTask<CustomerContext> LoadAsync(ContextQuery query, CancellationToken cancellationToken = default);

    /// <summary>
    /// Writes the customer's engine state, whole, unless it is fenced off: refused when the stored state was written
    /// under a higher ownership epoch than <paramref name="epoch"/> (another task owner took over), or when the
    /// customer has no profile (unknown or erased: nothing is kept about them). See docs/context-store.md.
    /// </summary>
    /// <remarks>A write-behind store may buffer it until <see cref="FlushAsync"/> (and report <see cref="StateWriteOutcome.Written"/>); reads through the same store see it at once.</remarks>
    ValueTask<StateWriteOutcome> SaveStateAsync(string customerId, CustomerState state, long epoch = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// Saves several customers' states at once (a write-behind flush): the same as <see cref="SaveStateAsync"/> for
    /// each, which is what the default does; a remote store sends them together. Returns each write's outcome, in order.
    /// </summary>
    async ValueTask<IReadOnlyList<StateWriteOutcome>> SaveStatesAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(writes);
        var outcomes = new StateWriteOutcome[writes.Count];
        for (var i = 0; i < outcomes.Length; i++)
        {
            outcomes[i] = await SaveStateAsync(writes[i].CustomerId, writes[i].State, writes[i].Epoch, cancellationToken).ConfigureAwait(false);
        }

        return outcomes;
    }

    /// <summary>
    /// Returns once every state write made through this store before the call is durable in the shared store.
    /// Offsets may be committed only after it. Stores that write through have nothing to do.
    /// </summary>
    ValueTask FlushAsync(CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    /// <summary>
    /// Claims a new ownership epoch: greater than every epoch claimed before from this store's data, by any process.
    /// A task claims one when it is assigned and writes its customers' state under it, so writes of an earlier
    /// owner are fenced off once the new owner has written (docs/context-store.md, "Fenced writes").
    /// </summary>
    /// <param name="maxDelay">
    /// A claim that reaches the shared store later than this after it was issued is refused and issued again, so a
    /// claim delayed past a rebalance can never out-number the next owner's. Keep it under the consumer's session timeout.
    /// </param>
    /// <param name="cancellationToken">Stops waiting.</param>
    ValueTask<long> ClaimEpochAsync(TimeSpan maxDelay, CancellationToken cancellationToken = default);

    /// <summary>Atomically checks and spends caps for one offer; idempotent by offer id.</summary>
    ValueTask<ReservationResult> ReserveAsync(OfferReservation reservation, CancellationToken cancellationToken = default);

    /// <summary>Creates or replaces a customer's profile.</summary>
    ValueTask UpsertProfileAsync(CustomerProfile profile, CancellationToken cancellationToken = default);

    /// <summary>Records a mutual friendship.</summary>
    ValueTask AddFriendshipAsync(string customerId, string friendId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records a check-in as the customer's own latest visit to the venue; friends join it when they read their
    /// context, so a check-in costs one write whatever the friend count, and "N friends visited V within D" always
    /// reflects the friendships as they are. A visit older than <paramref name="retention"/> no longer counts.
    /// </summary>
    ValueTask RecordCheckInAsync(string customerId, string venueId, DateTimeOffset at, TimeSpan retention, CancellationToken cancellationToken = default);

    /// <summary>Records the customer's last position for their friends' "friend nearby" context; it expires after <paramref name="ttl"/>.</summary>
    ValueTask RecordPositionAsync(string customerId, double latitude, double longitude, DateTimeOffset at, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>The last positions of the customer's friends, at most <paramref name="maxAge"/> old at <paramref name="now"/>.</summary>
    ValueTask<IReadOnlyList<FriendPosition>> LoadFriendPositionsAsync(string customerId, DateTimeOffset now, TimeSpan maxAge, CancellationToken cancellationToken = default);

    /// <summary>Stores a referral link so purchases through its code credit the sharer (idempotent by code).</summary>
    ValueTask RegisterReferralAsync(ReferralLink link, CancellationToken cancellationToken = default);

    /// <summary>
    /// Credits the sharer behind <paramref name="code"/> with their reward for a purchase, once per purchase id; a
    /// repeated call for the same purchase (a replay) credits nothing more and says so (<see cref="ReferralCredit.Duplicate"/>),
    /// with the purchase's reward as <see cref="ReferralCredit.Credited"/> all the same, so the sharer's notice can be
    /// produced again. <c>null</c> when the code is unknown or expired at <paramref name="at"/>, or the buyer is the sharer.
    /// </summary>
    ValueTask<ReferralCredit?> CreditReferralAsync(string code, string buyerId, string purchaseId, decimal amount, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>A customer's referral earnings for a UTC month (<c>yyyy-MM</c>); 0 when none.</summary>
    ValueTask<decimal> LoadReferralEarningsAsync(string customerId, string month, CancellationToken cancellationToken = default);

    /// <summary>A sharer's referral statement: earnings per month and every credited purchase (empty when none).</summary>
    ValueTask<ReferralStatement> LoadReferralStatementAsync(string customerId, CancellationToken cancellationToken = default);

    /// <summary>Removes every key of a customer, and them from their friends' friend lists.</summary>
    /// <returns>How many keys (or entries) were removed.</returns>
    ValueTask<long> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default);
}
