using Momentary.Testing.Contract;
using Momentary.Testing.Traits;
using Momentary.Redis.Tests.Support;
using Momentary.Testing.Redis;

namespace Momentary.Redis.Tests.Contract;

/// <summary>
/// The whole store contract on a real Redis Cluster (three masters, three replicas): every script and multi-key
/// command must stay inside one slot, friends' visits are joined per slot, erasure scans every master.
/// </summary>
[Collection(RedisClusterCollection.Name)]
[Trait(Needs.Trait, Needs.Redis)]
public sealed class RedisClusterContextStoreTests(RedisClusterFixture redis) : RedisStoreContract(() => redis.CreateStore());
