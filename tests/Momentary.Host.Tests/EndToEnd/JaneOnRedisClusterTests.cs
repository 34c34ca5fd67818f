using Momentary.Testing.Traits;
using Momentary.Host.Demo;
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
        using var output = new StringWriter();
        using var store = redis.CreateStore();

        var exit = await new DemoRunner(output, TimeProvider.System).RunAsync(store, "redis-cluster", CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));

        var text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains("OFFER     jane: \"20% off at Aurora, valid 3 hours\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("OFFER     sam", text, StringComparison.Ordinal);
        Assert.DoesNotContain("OFFER     tom", text, StringComparison.Ordinal);
        Assert.Contains("why: 3 friends visited in 14 days", text, StringComparison.Ordinal);
        Assert.Contains("12 signals processed, 1 offer(s)", text, StringComparison.Ordinal);
    }
}
