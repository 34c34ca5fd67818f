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
    public async ValueTask UpsertProfileAsync(CustomerProfile profile, CancellationToken cancellationToken = default) =>
        await RetryAsync("upsert_profile", static async (s, p, ct) => { await s.UpsertProfileAsync(p, ct).ConfigureAwait(false); return true; }, profile, cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask AddFriendshipAsync(string customerId, string friendId, CancellationToken cancellationToken = default) =>
        await RetryAsync("add_friendship", static async (s, a, ct) => { await s.AddFriendshipAsync(a.customerId, a.friendId, ct).ConfigureAwait(false); return true; }, (customerId, friendId), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder))]
    public async ValueTask RecordCheckInAsync(string customerId, string venueId, DateTimeOffset at, TimeSpan retention, CancellationToken cancellationToken = default) =>
        await RetryAsync("record_check_in", [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))] static async ValueTask<bool> (ICustomerContextStore s, (string customerId, string venueId, DateTimeOffset at, TimeSpan retention) a, CancellationToken ct) => { await s.RecordCheckInAsync(a.customerId, a.venueId, a.at, a.retention, ct).ConfigureAwait(false); return true; }, (customerId, venueId, at, retention), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public async ValueTask RecordPositionAsync(string customerId, double latitude, double longitude, DateTimeOffset at, TimeSpan ttl, CancellationToken cancellationToken = default) =>
        await RetryAsync("record_position", static async (s, a, ct) => { await s.RecordPositionAsync(a.customerId, a.latitude, a.longitude, a.at, a.ttl, ct).ConfigureAwait(false); return true; }, (customerId, latitude, longitude, at, ttl), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<FriendPosition>> LoadFriendPositionsAsync(string customerId, DateTimeOffset now, TimeSpan maxAge, CancellationToken cancellationToken = default) =>
        RetryAsync("load_friend_positions", static (s, a, ct) => s.LoadFriendPositionsAsync(a.customerId, a.now, a.maxAge, ct), (customerId, now, maxAge), cancellationToken);

    /// <inheritdoc />
    public async ValueTask RegisterReferralAsync(ReferralLink link, CancellationToken cancellationToken = default) =>
        await RetryAsync("register_referral", static async (s, l, ct) => { await s.RegisterReferralAsync(l, ct).ConfigureAwait(false); return true; }, link, cancellationToken).ConfigureAwait(false);

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
                RedisTelemetry.Succeeded(operation, time.GetElapsedTime(tried));
                if (attempt > 0 && Interlocked.Exchange(ref _degraded, 0) == 1)
                {
                    RedisTelemetry.DegradedChanged(-1);
                }

                return result;
            }
            catch (Exception ex) when (Failed(operation, tried, ex) && IsTransient(ex) && !ct.IsCancellationRequested && !(_settings.GiveUpAfter is { } bound && time.GetElapsedTime(started) >= bound))
            {
                if (Interlocked.Exchange(ref _degraded, 1) == 0)
                {
                    RedisTelemetry.DegradedChanged(1);
                }

                Interlocked.Increment(ref _retries);
                RedisTelemetry.Retried(operation);
                await Task.Delay(_settings.Delay(attempt++), time, ct).ConfigureAwait(false);
            }
        }
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
