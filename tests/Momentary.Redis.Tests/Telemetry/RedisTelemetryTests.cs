using Momentary.Core.Context;
using Momentary.Redis.Resilience;
using Momentary.Redis.Store;
using Momentary.Redis.Telemetry;
using Momentary.Testing;
using Momentary.Testing.Redis;
using Momentary.Testing.Telemetry;

namespace Momentary.Redis.Tests.Telemetry;

/// <summary>The context store's client metrics across a real outage of its own redis-server.</summary>
[Collection(TelemetryCollection.Name)]
public sealed class RedisTelemetryTests : IDisposable
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);
    private readonly RedisServer _server = new(persistent: true);

    [Fact]
    public async Task RetryingStore_RedisDownThenBack_TimesCallsInSecondsCountsErrorsAndRetriesAndReportsDegradedWhileDown()
    {
        using var capture = new TelemetryCapture([RedisTelemetry.Name], []);
        using var redis = RedisContextStore.Connect(new RedisStoreSettings { Configuration = _server.Configuration + ",connectRetry=1,syncTimeout=500,asyncTimeout=500", KeyPrefix = "telemetry:" });
        var store = new RetryingContextStore(redis, TimeProvider.System, new RetrySettings { Initial = TimeSpan.FromMilliseconds(20), Max = TimeSpan.FromMilliseconds(100) });
        var query = new ContextQuery("c1", [], TimeSpan.Zero, DateTimeOffset.UtcNow);
        await store.LoadAsync(query);
        double Degraded() => Assert.Single(capture.Points("momentary.redis.degraded", "{store}")).Value;

        var load = Assert.Single(capture.Points("db.client.operation.duration", "s"), p => p.Tag("db.operation.name") == "load_context" && p.Tag("error.type") is null);
        Assert.Equal(("redis", 1L), (load.Tag("db.system.name"), load.Count));
        Assert.InRange(load.Value, 0, 5);
        Assert.Equal(0.0005, load.Bounds[0]);
        Assert.Equal(0, Degraded());

        _server.Stop();
        var waiting = store.LoadAsync(query).AsTask();
        Assert.True(await Eventually.TrueAsync(() => Degraded() == 1, Limit), "degraded while Redis is down");
        Assert.Contains(capture.Points("momentary.redis.retries", "{retry}"), p => p.Tag("db.operation.name") == "load_context" && p.Value >= 1);
        Assert.Contains(capture.Points("momentary.redis.errors", "{error}"), p => p.Tag("db.operation.name") == "load_context" && p.Tag("error.type")!.StartsWith("StackExchange.Redis.", StringComparison.Ordinal));

        _server.Start();
        await waiting.WaitAsync(Limit);
        Assert.Equal(0, Degraded());
    }

    public void Dispose() => _server.Dispose();
}
