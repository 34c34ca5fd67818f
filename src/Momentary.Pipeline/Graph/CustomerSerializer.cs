namespace Momentary.Pipeline.Graph;

/// <summary>
/// Runs work for different keys concurrently and work for one key strictly one after another, in call order.
/// This is what lets a partition process many customers at once while a customer's second signal still sees
/// the state its first one wrote.
/// </summary>
internal sealed class CustomerSerializer
{
    private readonly Dictionary<string, Task> _tails = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Number of keys with work queued or running (for tests and gauges).</summary>
    public int ActiveKeys
    {
        get
        {
            lock (_gate)
            {
                return _tails.Count;
            }
        }
    }

    /// <summary>Runs <paramref name="work"/> after every earlier call for <paramref name="key"/> has finished (successfully or not).</summary>
    public async Task<T> RunAsync<T, TState>(string key, TState state, Func<TState, ValueTask<T>> work)
    {
        var mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task? previous;
        lock (_gate)
        {
            _tails.TryGetValue(key, out previous);
            _tails[key] = mine.Task;
        }

        try
        {
            if (previous is not null)
            {
                await previous.ConfigureAwait(false); // never faults: tails are completed with SetResult only
            }

            return await work(state).ConfigureAwait(false);
        }
        finally
        {
            lock (_gate)
            {
                if (_tails.TryGetValue(key, out var tail) && ReferenceEquals(tail, mine.Task))
                {
                    _tails.Remove(key);
                }
            }

            mine.SetResult();
        }
    }
}
