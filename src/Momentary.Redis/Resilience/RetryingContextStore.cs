using System.Runtime.CompilerServices;
using Momentary.Core.Context;
using Momentary.Redis.Telemetry;
using StackExchange.Redis;

namespace Momentary.Redis.Resilience;

/// <summary>
/// Retries transient store failures (connection lost, timeouts, Redis loading or failing over) with capped
/// exponential backoff and jitter, indefinitely until cancelled: no signal is skipped and no offer goes out
/// without its cap check; in-flight work stays bounded because the stream back-pressures behind the waiting
/// calls. Reports <see cref="ContextStoreStatus.Degraded"/> while retrying. Reservations are idempotent by offer
/// id and state writes are whole-value, so retrying a call whose first attempt did reach Redis is safe.
/// </summary>
public sealed class RetryingContextStore(ICustomerContextStore inner, TimeProvider time, RetrySettings? settings = null) : ICustomerContextStore
{
    private readonly RetrySettings _settings = settings ?? new RetrySettings();

    // The degraded gauge is created with the first store, so it is exported (as 0) before any call is made.
    static RetryingContextStore() => RedisTelemetry.DegradedChanged(0);
    private int _degraded;
    private long _retries;

    /// <summary>Healthy, or degraded while calls are being retried.</summary>
    public ContextStoreStatus Status => Volatile.Read(ref _degraded) == 0 ? ContextStoreStatus.Healthy : ContextStoreStatus.Degraded;

    /// <summary>Retries performed since start.</summary>
    public long Retries => Interlocked.Read(ref _retries);

    /// <inheritdoc />
    public ValueTask<CustomerContext> LoadAsync(ContextQuery query, CancellationToken cancellationToken = default) =>
        RetryAsync("load_context", static (s, q, ct) => s.LoadAsync(q, ct), query, cancellationToken);

    /// <inheritdoc />
    public ValueTask<StateWriteOutcome> SaveStateAsync(string customerId, CustomerState state, long epoch = 0, CancellationToken cancellationToken = default) =>
        RetryAsync("save_state", static (s, a, ct) => s.SaveStateAsync(a.customerId, a.state, a.epoch, ct), (customerId, state, epoch), cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<StateWriteOutcome>> SaveStatesAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken = default) =>
        RetryAsync("save_states", static (s, w, ct) => s.SaveStatesAsync(w, ct), writes, cancellationToken);

    /// <summary>Claims an epoch, retrying transient failures and claims that arrived too late (each retry with a fresh deadline).</summary>
    public ValueTask<long> ClaimEpochAsync(TimeSpan maxDelay, CancellationToken cancellationToken = default) =>
        RetryAsync("claim_epoch", static (s, d, ct) => s.ClaimEpochAsync(d, ct), maxDelay, cancellationToken);

    /// <inheritdoc />
    public ValueTask FlushAsync(CancellationToken cancellationToken = default) => inner.FlushAsync(cancellationToken);

    /// <inheritdoc />
    public ValueTask<ReservationResult> ReserveAsync(OfferReservation reservation, CancellationToken cancellationToken = default) =>
        RetryAsync("reserve", static (s, r, ct) => s.ReserveAsync(r, ct), reservation, cancellationToken);

    /// <inheritdoc />
    public ValueTask UpsertProfileAsync(CustomerProfile profile, CancellationToken cancellationToken = default) =>
        RetryAsync("upsert_profile", static (s, p, ct) => s.UpsertProfileAsync(p, ct), profile, cancellationToken);

    /// <inheritdoc />
    public ValueTask AddFriendshipAsync(string customerId, string friendId, CancellationToken cancellationToken = default) =>
        RetryAsync("add_friendship", static (s, a, ct) => s.AddFriendshipAsync(a.customerId, a.friendId, ct), (customerId, friendId), cancellationToken);

    /// <inheritdoc />
    public ValueTask RecordCheckInAsync(string customerId, string venueId, DateTimeOffset at, TimeSpan retention, CancellationToken cancellationToken = default) =>
        RetryAsync("record_check_in", static (s, a, ct) => s.RecordCheckInAsync(a.customerId, a.venueId, a.at, a.retention, ct), (customerId, venueId, at, retention), cancellationToken);

    /// <inheritdoc />
    public ValueTask RecordPositionAsync(string customerId, double latitude, double longitude, DateTimeOffset at, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        RetryAsync("record_position", static (s, a, ct) => s.RecordPositionAsync(a.customerId, a.latitude, a.longitude, a.at, a.ttl, ct), (customerId, latitude, longitude, at, ttl), cancellationToken);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<FriendPosition>> LoadFriendPositionsAsync(string customerId, DateTimeOffset now, TimeSpan maxAge, CancellationToken cancellationToken = default) =>
        RetryAsync("load_friend_positions", static (s, a, ct) => s.LoadFriendPositionsAsync(a.customerId, a.now, a.maxAge, ct), (customerId, now, maxAge), cancellationToken);

    /// <inheritdoc />
    public ValueTask RegisterReferralAsync(ReferralLink link, CancellationToken cancellationToken = default) =>
        RetryAsync("register_referral", static (s, l, ct) => s.RegisterReferralAsync(l, ct), link, cancellationToken);

    /// <inheritdoc />
    public ValueTask<ReferralCredit?> CreditReferralAsync(string code, string buyerId, string purchaseId, decimal amount, DateTimeOffset at, CancellationToken cancellationToken = default) =>
        RetryAsync("credit_referral", static (s, a, ct) => s.CreditReferralAsync(a.code, a.buyerId, a.purchaseId, a.amount, a.at, ct), (code, buyerId, purchaseId, amount, at), cancellationToken);

    /// <inheritdoc />
    public ValueTask<decimal> LoadReferralEarningsAsync(string customerId, string month, CancellationToken cancellationToken = default) =>
        RetryAsync("load_referral_earnings", static (s, a, ct) => s.LoadReferralEarningsAsync(a.customerId, a.month, ct), (customerId, month), cancellationToken);

    /// <inheritdoc />
    public ValueTask<ReferralStatement> LoadReferralStatementAsync(string customerId, CancellationToken cancellationToken = default) =>
        RetryAsync("load_referral_statement", static (s, c, ct) => s.LoadReferralStatementAsync(c, ct), customerId, cancellationToken);

    /// <inheritdoc />
    public ValueTask<long> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default) =>
        RetryAsync("erase_customer", static (s, c, ct) => s.EraseCustomerAsync(c, ct), customerId, cancellationToken);

    /// <summary>Whether <paramref name="ex"/> is worth retrying: the store may answer later.</summary>
    public static bool IsTransient(Exception ex) => ex is RedisConnectionException or RedisTimeoutException
        || (ex is RedisServerException server && (server.Message.StartsWith("LOADING", StringComparison.Ordinal) || server.Message.StartsWith("TRYAGAIN", StringComparison.Ordinal) || server.Message.StartsWith("CLUSTERDOWN", StringComparison.Ordinal)))
        || ex is TimeoutException;

    // Every attempt is timed (db.client.operation.duration) and every failure counted; cancellation is neither.
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
    private async ValueTask<T> RetryAsync<T, TArg>(string operation, Func<ICustomerContextStore, TArg, CancellationToken, ValueTask<T>> call, TArg arg, CancellationToken ct)
    {
        var attempt = 0;
        var started = time.GetTimestamp();
        while (true)
        {
            var tried = time.GetTimestamp();
            try
            {
                var result = await call(inner, arg, ct).ConfigureAwait(false);
                Succeeded(operation, tried, attempt);
                return result;
            }
            catch (Exception ex) when (Retriable(operation, tried, started, ex, ct))
            {
                await BackOffAsync(operation, attempt++, ct).ConfigureAwait(false);
            }
        }
    }

    // The same for a call with no result: one state machine over the inner call's own task, where wrapping it in
    // the generic one took two more per call (a check-in per signal that records one; docs/performance.md).
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    private async ValueTask RetryAsync<TArg>(string operation, Func<ICustomerContextStore, TArg, CancellationToken, ValueTask> call, TArg arg, CancellationToken ct)
    {
        var attempt = 0;
        var started = time.GetTimestamp();
        while (true)
        {
            var tried = time.GetTimestamp();
            try
            {
                await call(inner, arg, ct).ConfigureAwait(false);
                Succeeded(operation, tried, attempt);
                return;
            }
            catch (Exception ex) when (Retriable(operation, tried, started, ex, ct))
            {
                await BackOffAsync(operation, attempt++, ct).ConfigureAwait(false);
            }
        }
    }

    private void Succeeded(string operation, long tried, int attempt)
    {
        RedisTelemetry.Succeeded(operation, time.GetElapsedTime(tried));
        if (attempt > 0 && Interlocked.Exchange(ref _degraded, 0) == 1)
        {
            RedisTelemetry.DegradedChanged(-1);
        }
    }

    // An exception filter: records the failure, then whether to retry it (transient, not cancelled, within the bound).
    private bool Retriable(string operation, long tried, long started, Exception ex, CancellationToken ct) =>
        Failed(operation, tried, ex) && IsTransient(ex) && !ct.IsCancellationRequested && !(_settings.GiveUpAfter is { } bound && time.GetElapsedTime(started) >= bound);

    private Task BackOffAsync(string operation, int attempt, CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _degraded, 1) == 0)
        {
            RedisTelemetry.DegradedChanged(1);
        }

        Interlocked.Increment(ref _retries);
        RedisTelemetry.Retried(operation);
        return Task.Delay(_settings.Delay(attempt), time, ct);
    }

    // An exception filter, so the failure is recorded whether or not it is retried; always true.
    private bool Failed(string operation, long tried, Exception ex)
    {
        if (ex is not OperationCanceledException)
        {
            RedisTelemetry.Failed(operation, time.GetElapsedTime(tried), ex);
        }

        return true;
    }
}
