using Momentary.Testing.Contract;
using Momentary.Testing.Traits;
using Momentary.Core.Context;
using Momentary.Redis.Store;
using Momentary.Redis.Tests.Support;
using Momentary.Testing.Redis;

namespace Momentary.Redis.Tests.Contract;

/// <summary>
/// The whole store contract on a real Redis Cluster (three masters, three replicas): every script and multi-key
/// command must stay inside one slot, friends' visits are joined per slot, erasure scans every master.
/// </summary>
[Collection(RedisClusterCollection.Name)]
[Trait(Needs.Trait, Needs.Redis)]
public sealed class RedisClusterContextStoreTests : ContextStoreContract, IDisposable
{
    private readonly Lazy<RedisContextStore> _store;

    public RedisClusterContextStoreTests(RedisClusterFixture redis) =>
        _store = new Lazy<RedisContextStore>(() => redis.CreateStore(), LazyThreadSafetyMode.ExecutionAndPublication);

    protected override ICustomerContextStore Store => _store.Value;

    public void Dispose()
    {
        if (_store.IsValueCreated)
        {
            _store.Value.Dispose();
        }
    }
}
