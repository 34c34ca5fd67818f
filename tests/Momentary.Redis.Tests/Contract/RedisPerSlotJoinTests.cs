using Momentary.Testing.Contract;
using Momentary.Testing.Traits;
using Momentary.Redis.Store;
using Momentary.Redis.Tests.Support;
using Momentary.Testing.Redis;

namespace Momentary.Redis.Tests.Contract;

/// <summary>
/// The whole store contract again with friends' visits joined the way a Redis Cluster needs it: friends first,
/// then each friend's visits in their own slot (<see cref="RedisStoreSettings.SingleNode"/> = false). The test
/// server is standalone, so <see cref="RedisContextStoreTests"/> covers the single-node join.
/// </summary>
[Collection(RedisServerCollection.Name)]
[Trait(Needs.Trait, Needs.Redis)]
public sealed class RedisPerSlotJoinTests(RedisServerFixture redis) : RedisStoreContract(() => redis.CreateStore(singleNode: false));
