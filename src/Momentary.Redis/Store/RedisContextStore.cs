using Momentary.Core.Context;
using StackExchange.Redis;

namespace Momentary.Redis.Store;

/// <summary>
/// The production context store on Redis (docs/context-store.md). A signal's context is read in one pipelined
/// round trip (profile, state, and friends' visits at the venues asked, joined on the node; on a cluster the
/// visits take a second, pipelined round trip); a check-in is one write to the customer's own keys; a reservation
/// is one Lua script, atomic and idempotent by offer id. Only async calls on the hot path.
/// </summary>
public sealed partial class RedisContextStore : ICustomerContextStore, IDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly bool _ownsConnection;
    private readonly RedisKeys _keys;
    private readonly RedisStoreSettings _settings;
    private int _singleNode; // NodesUnknown until decided, then NodesOne or NodesMany

    /// <summary>A store over an existing connection (not disposed with the store).</summary>
    public RedisContextStore(IConnectionMultiplexer redis, RedisStoreSettings settings)
        : this(redis, settings, ownsConnection: false)
    {
    }

    private RedisContextStore(IConnectionMultiplexer redis, RedisStoreSettings settings, bool ownsConnection)
    {
        _redis = redis;
        _settings = settings;
        _keys = new RedisKeys(settings.KeyPrefix);
        _ownsConnection = ownsConnection;
        _singleNode = settings.SingleNode switch { true => NodesOne, false => NodesMany, null => NodesUnknown };
    }

    /// <summary>Connects with <see cref="RedisStoreSettings.Configuration"/>; keeps retrying in the background if Redis is down (abortConnect=false).</summary>
    public static RedisContextStore Connect(RedisStoreSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var config = ConfigurationOptions.Parse(settings.Configuration);
        config.AbortOnConnectFail = false;
        return new RedisContextStore(ConnectionMultiplexer.Connect(config), settings, ownsConnection: true);
    }

    private IDatabase Db => _redis.GetDatabase();

    /// <summary>
    /// Whether Redis answers a <c>PING</c> within <paramref name="timeout"/> (readiness: a paused or unreachable server
    /// is noticed in about that long, not after the client's 5 s command timeout).
    /// </summary>
    public async Task<bool> AnswersAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        try
        {
            await Db.PingAsync().WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is TimeoutException or RedisException)
        {
            return false;
        }
    }

    /// <inheritdoc />
    public async ValueTask UpsertProfileAsync(CustomerProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var db = Db;
        await db.StringSetAsync(_keys.Profile(profile.CustomerId), CustomerProfileCodec.Encode(profile)).ConfigureAwait(false);
        await db.PublishAsync(_keys.Invalidations, ProfileChanged + profile.CustomerId).ConfigureAwait(false);
    }

    // Announcement payloads: a one-letter kind, then the customer id.
    private const string ProfileChanged = "p:";
    private const string Erased = "e:";

    /// <summary>
    /// Calls <paramref name="onChange"/> whenever a profile is written or a customer erased through any store on
    /// this Redis (any process), and with <see cref="ContextChange.Unknown"/> when the connection was restored
    /// (announcements may have been missed). Dispose to stop listening.
    /// </summary>
    public IDisposable SubscribeChanges(Action<ContextChange, string?> onChange)
    {
        ArgumentNullException.ThrowIfNull(onChange);
        var subscriber = _redis.GetSubscriber();
        void OnMessage(RedisChannel channel, RedisValue message)
        {
            var text = (string?)message ?? string.Empty;
            if (text.StartsWith(ProfileChanged, StringComparison.Ordinal))
            {
                onChange(ContextChange.Profile, text[ProfileChanged.Length..]);
            }
            else if (text.StartsWith(Erased, StringComparison.Ordinal))
            {
                onChange(ContextChange.Erasure, text[Erased.Length..]);
            }
            else
            {
                onChange(ContextChange.Unknown, null);
            }
        }

        void OnRestored(object? sender, ConnectionFailedEventArgs e) => onChange(ContextChange.Unknown, null);
        _redis.ConnectionRestored += OnRestored;

        // Asynchronously: Redis may be down at start. The client keeps the subscription and makes it on every
        // (re)connection, and a restored connection drops the cache anyway, so nothing announced meanwhile is trusted.
        _ = subscriber.SubscribeAsync(_keys.Invalidations, OnMessage).ContinueWith(t => _ = t.Exception, TaskContinuationOptions.OnlyOnFaulted);
        return new Subscription(() =>
        {
            _redis.ConnectionRestored -= OnRestored;
            subscriber.Unsubscribe(_keys.Invalidations, OnMessage, CommandFlags.FireAndForget);
        });
    }

    private sealed class Subscription(Action dispose) : IDisposable
    {
        private Action? _dispose = dispose;

        public void Dispose() => Interlocked.Exchange(ref _dispose, null)?.Invoke();
    }

    /// <summary>Closes the connection if the store opened it (<see cref="Connect"/>); a given connection stays open.</summary>
    public void Dispose()
    {
        if (_ownsConnection)
        {
            _redis.Dispose();
        }
    }
}
