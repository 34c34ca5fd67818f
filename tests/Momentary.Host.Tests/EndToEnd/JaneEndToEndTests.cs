using Momentary.Testing.Traits;
using Momentary.Host.Tests.Support;
using Momentary.Testing.Redis;

namespace Momentary.Host.Tests.EndToEnd;

/// <summary>
/// Jane's walk through the real graph and the Kafka protocol (mock cluster unless a real broker is configured)
/// with the Redis store on a real redis-server: exactly one offer, for Jane — none for the walker without
/// consent, none for the walker with too few friends.
/// </summary>
[Collection(RedisServerCollection.Name)]
[Trait(Needs.Trait, Needs.Redis)]
public sealed class JaneEndToEndTests(RedisServerFixture redis)
{
    [Fact]
    public async Task Demo_WithRedisStoreOverKafka_EmitsExactlyJanesOffer()
    {
        using var store = redis.CreateStore();
        await JaneDemo.EmitsExactlyJanesOfferAsync(store, "redis");
    }
}
