using Momentary.Core.Context;
using Momentary.Redis.Store;

namespace Momentary.Host.Engine;

/// <summary>
/// Puts the partition-affine cache (<see cref="CachingContextStore"/>) in front of the shared store and wires what
/// keeps it honest: Redis announcements of profile writes and erasures drop the customer, a restored connection
/// or any partition assignment change drops everything.
/// </summary>
public sealed class EngineStateCache : IDisposable
{
    private readonly IDisposable? _subscription;

    private EngineStateCache(CachingContextStore store, IDisposable? subscription)
    {
        Store = store;
        _subscription = subscription;
    }

    /// <summary>The caching store to give the processor.</summary>
    public CachingContextStore Store { get; }

    /// <summary>Caches in front of <paramref name="shared"/>, listening to <paramref name="redis"/>'s announcements when given.</summary>
    public static EngineStateCache Attach(ICustomerContextStore shared, RedisContextStore? redis, CachingContextStoreOptions options)
    {
        var store = new CachingContextStore(shared, options);
        var subscription = redis?.SubscribeChanges(store.Apply);
        return new EngineStateCache(store, subscription);
    }

    /// <summary>The engine settings with the cache dropped on every assignment change.</summary>
    public EngineSettings Apply(EngineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings with { Consumer = settings.Consumer with { AssignmentChanged = Store.Clear } };
    }

    /// <inheritdoc />
    public void Dispose() => _subscription?.Dispose();
}
