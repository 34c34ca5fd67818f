namespace Momentary.Core.Context;

/// <summary>
/// A context store as a process runs it: the store the engine processes with, plus what the engine tells it (tasks
/// moved) and asks it (is it ready). One per process, built by the adapter that owns the store (the in-memory one
/// here, <c>RedisContextRuntime</c> for Redis), disposed with the process.
/// </summary>
public interface IContextStoreRuntime : IDisposable
{
    /// <summary>The store the engine's processor reads and writes through (with its cache and retries, where it has them).</summary>
    ICustomerContextStore Store { get; }

    /// <summary>
    /// Raised when the store refused state writes: how many were fenced off by a newer task owner and how many were
    /// for customers without a profile (docs/context-store.md). Never carries customer ids.
    /// </summary>
    event Action<int, int>? WritesRefused;

    /// <summary>Tasks were assigned or revoked: state cached for tasks that moved must go (anything held back in process is written first).</summary>
    void TasksChanged();

    /// <summary>Whether the store answers now (readiness), with a description for operators.</summary>
    ValueTask<StoreReadiness> CheckReadinessAsync(CancellationToken cancellationToken = default);
}
