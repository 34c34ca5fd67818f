using Momentary.Core.Context;
using Momentary.Redis.Store;

namespace Momentary.Testing.Contract;

/// <summary>
/// The store contract for a <see cref="RedisContextStore"/>: one store per test, created on first use and disposed
/// with the test. Created thread-safely: tests call <see cref="Store"/> from many threads at once, and a raced
/// initializer would open several connections and let the losers be finalized mid-call.
/// </summary>
public abstract class RedisStoreContract(Func<RedisContextStore> create) : ContextStoreContract, IDisposable
{
    private readonly Lazy<RedisContextStore> _store = new(create, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <inheritdoc />
    protected override ICustomerContextStore Store => _store.Value;

    /// <inheritdoc />
    public void Dispose()
    {
        if (_store.IsValueCreated)
        {
            _store.Value.Dispose();
        }

        GC.SuppressFinalize(this);
    }
}
