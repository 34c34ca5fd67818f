using Microsoft.Extensions.Logging;
using Momentary.Core.Context;
using Momentary.Pipeline.Telemetry;
using Momentary.Redis.Store;

namespace Momentary.Host.Engine;

/// <summary>
/// Puts the task-affine cache (<see cref="CachingContextStore"/>) in front of the shared store and wires what
/// keeps it honest: Redis announcements of profile writes and erasures drop the customer, a restored connection
/// or any task assignment change drops everything, and writes the store refuses (fenced off by a newer task owner,
/// or for customers without a profile) are counted and logged.
/// </summary>
public sealed partial class EngineStateCache : IDisposable
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
    public static EngineStateCache Attach(ICustomerContextStore shared, RedisContextStore? redis, CachingContextStoreOptions options, ILogger? logger = null)
    {
        var store = new CachingContextStore(shared, options);
        store.WritesRefused += (fenced, noProfile) =>
        {
            PipelineTelemetry.CountRefusedWrites(StateWriteOutcome.Fenced, fenced);
            PipelineTelemetry.CountRefusedWrites(StateWriteOutcome.NoProfile, noProfile);
            if (fenced > 0 && logger is not null)
            {
                LogFenced(logger, fenced);
            }
        };
        var subscription = redis?.SubscribeChanges(store.Apply);
        return new EngineStateCache(store, subscription);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} state write(s) fenced off: another process owns their customers' task now (a rebalance moved it, or this process was paused past its session); their cached state was dropped")]
    private static partial void LogFenced(ILogger logger, int count);

    /// <summary>The engine settings with the cache dropped on every task assignment change.</summary>
    public EngineSettings Apply(EngineSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings with { Consumer = settings.Consumer with { AssignmentChanged = Store.Clear } };
    }

    /// <inheritdoc />
    public void Dispose() => _subscription?.Dispose();
}
