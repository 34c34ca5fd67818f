namespace Momentary.Core.Context;

/// <summary>The in-memory store as a process runs it (demo, single process only): always ready, nothing to drop or refuse.</summary>
public sealed class InMemoryContextRuntime : IContextStoreRuntime
{
    /// <inheritdoc />
    public ICustomerContextStore Store { get; } = new InMemoryContextStore();

    /// <inheritdoc />
    /// <remarks>The in-memory store reports refusals only as save outcomes; this event is never raised.</remarks>
    public event Action<int, int>? WritesRefused
    {
        add { }
        remove { }
    }

    /// <inheritdoc />
    public void TasksChanged()
    {
    }

    /// <inheritdoc />
    public ValueTask<StoreReadiness> CheckReadinessAsync(CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(new StoreReadiness(true, "in-memory context store (one process only)"));

    /// <inheritdoc />
    public void Dispose()
    {
    }
}
