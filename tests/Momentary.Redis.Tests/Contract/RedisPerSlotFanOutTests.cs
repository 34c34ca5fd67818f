using Momentary.Core.Context;
using Momentary.Redis.Store;
using Momentary.Redis.Tests.Support;
using Momentary.Testing.Redis;

namespace Momentary.Redis.Tests.Contract;

/// <summary>
/// The whole store contract again with check-ins fanned out one script per friend, the way a Redis Cluster needs
/// them (<see cref="RedisStoreOptions.SingleNodeFanOut"/> = false). The test server is standalone, so
/// <see cref="RedisContextStoreTests"/> covers the single-script fan-out.
/// </summary>
[Collection(RedisServerCollection.Name)]
public sealed class RedisPerSlotFanOutTests : ContextStoreContract, IDisposable
{
    private readonly Lazy<RedisContextStore> _store;

    public RedisPerSlotFanOutTests(RedisServerFixture redis) =>
        _store = new Lazy<RedisContextStore>(() => new RedisContextStore(redis.Connection, new RedisStoreOptions { Configuration = redis.Server.Configuration, KeyPrefix = $"t{Guid.NewGuid():N}:", SingleNodeFanOut = false }), LazyThreadSafetyMode.ExecutionAndPublication);

    protected override ICustomerContextStore Store => _store.Value;

    public void Dispose()
    {
        if (_store.IsValueCreated)
        {
            _store.Value.Dispose();
        }
    }
}
