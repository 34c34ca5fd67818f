using Momentary.Testing.Traits;
using Momentary.Host.Tests.Support;
using Momentary.Testing.Redis;

namespace Momentary.Host.Tests.EndToEnd;

/// <summary>
/// Jane's walk through the real graph and the Kafka protocol with the Redis store on a real Redis Cluster (three
/// masters, three replicas): her friends' check-ins live on other slots than hers, so the friends' join takes the
/// per-slot path; the outcome is the same as on one server.
/// </summary>
[Collection(RedisClusterCollection.Name)]
[Trait(Needs.Trait, Needs.Redis)]
public sealed class JaneOnRedisClusterTests(RedisClusterFixture redis)
{
    [Fact]
    public async Task Demo_WithRedisStoreOnACluster_EmitsExactlyJanesOffer()
    {
        using var store = redis.CreateStore();
        await JaneDemo.EmitsExactlyJanesOfferAsync(store, "redis-cluster");
    }
}
