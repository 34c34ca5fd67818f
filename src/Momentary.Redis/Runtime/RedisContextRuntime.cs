using Momentary.Core.Context;
using Momentary.Redis.Resilience;
using Momentary.Redis.Store;

namespace Momentary.Redis.Runtime;

/// <summary>
/// The Redis context store as Momentary runs it, built in one place: the store, behind the retrying decorator, behind
/// the optional task-affine cache, which Redis announcements keep honest (a profile written or a customer erased by
/// any process drops them; a restored connection drops everything). Reports readiness (a bounded PING and the retry
/// state) and the writes the store refused. Disposing it stops listening and closes the connection.
/// </summary>
public sealed class RedisContextRuntime : IContextStoreRuntime
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(1);

    private readonly RedisContextStore _redis;
    private readonly RetryingContextStore _retrying;
    private readonly CachingContextStore? _cache;
    private readonly IDisposable? _subscription;

    private RedisContextRuntime(RedisContextStore redis, RetryingContextStore retrying, CachingContextStore? cache)
    {
        _redis = redis;
        _retrying = retrying;
        _cache = cache;
        if (cache is not null)
        {
            _subscription = redis.SubscribeChanges(cache.Apply);
            cache.WritesRefused += (fenced, noProfile) => WritesRefused?.Invoke(fenced, noProfile);
        }
    }

    /// <summary>Connects (in the background while Redis is down: calls wait and are retried) and builds the stack.</summary>
    public static RedisContextRuntime Connect(RedisRuntimeSettings settings, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(time);
        var redis = RedisContextStore.Connect(settings.Store);
        var retrying = new RetryingContextStore(redis, time, settings.Retry);
        var cache = settings.Cache is { } options ? new CachingContextStore(retrying, options, time) : null;
        return new RedisContextRuntime(redis, retrying, cache);
    }

    /// <inheritdoc />
    public ICustomerContextStore Store => (ICustomerContextStore?)_cache ?? _retrying;

    /// <summary>The cache, when there is one (its hit counts for benchmarks and tests).</summary>
    public CachingContextStore? Cache => _cache;

    /// <summary>Healthy, or degraded while calls are being retried.</summary>
    public ContextStoreStatus Status => _retrying.Status;

    /// <inheritdoc />
    public event Action<int, int>? WritesRefused;

    /// <summary>How long a change of tasks waits for the positions held in the cache to be written.</summary>
    public static TimeSpan ReleaseTimeout { get; } = TimeSpan.FromSeconds(5);

    /// <inheritdoc />
    /// <remarks>
    /// Positions the cache held back (docs/context-store.md, "Position-only changes wait") are written first, within
    /// <see cref="ReleaseTimeout"/>, so a task's next owner starts from the last fix; past the timeout (Redis down)
    /// they stay buffered and are written by a later flush, or fenced off if the next owner wrote first.
    /// </remarks>
    public void TasksChanged()
    {
        if (_cache is null)
        {
            return;
        }

        if (_cache.ReleaseHeld() > 0)
        {
            try
            {
                _ = _cache.FlushAsync().AsTask().Wait(ReleaseTimeout);
            }
            catch (AggregateException)
            {
                // The flush failed (Redis down): its writes are put back and retried by the next flush.
            }
        }

        _cache.Clear();
    }

    /// <inheritdoc />
    public async ValueTask<StoreReadiness> CheckReadinessAsync(CancellationToken cancellationToken = default)
    {
        if (!await _redis.AnswersAsync(PingTimeout, cancellationToken).ConfigureAwait(false))
        {
            return new StoreReadiness(false, $"Redis did not answer a PING within {PingTimeout.TotalSeconds:0} s; signals wait and are retried");
        }

        return _retrying.Status == ContextStoreStatus.Degraded
            ? new StoreReadiness(false, "context-store calls are failing and being retried; signals wait")
            : new StoreReadiness(true, "context store reachable");
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _subscription?.Dispose();
        _redis.Dispose();
    }
}
