using Momentary.Testing.Traits;
using Momentary.Host.Demo;
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
        using var output = new StringWriter();
        using var store = redis.CreateStore();

        var exit = await new DemoRunner(output, TimeProvider.System).RunAsync(store, "redis", CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(2));

        var text = output.ToString();
        Assert.True(exit == 0, text);
        Assert.Contains("OFFER     jane: \"20% off at Aurora, valid 3 hours\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("OFFER     sam", text, StringComparison.Ordinal);
        Assert.DoesNotContain("OFFER     tom", text, StringComparison.Ordinal);
        Assert.Contains("why: 3 friends visited in 14 days", text, StringComparison.Ordinal);
        Assert.Contains("12 signals processed, 1 offer(s)", text, StringComparison.Ordinal);
    }
}
