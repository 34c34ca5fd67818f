using Momentary.Testing.Traits;
using System.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Momentary.Host.Engine;
using Momentary.Host.Health;
using Momentary.Redis.Runtime;
using Momentary.Testing.Redis;

namespace Momentary.Host.Tests.EndToEnd;

/// <summary>Readiness tells the truth about Redis: a paused server makes it unhealthy within seconds, and healthy again once it answers.</summary>
[Trait(Needs.Trait, Needs.Redis)]
public sealed class ReadinessTests
{
    [Fact]
    public async Task ContextStoreCheck_RedisPausedThenResumed_UnhealthyWithinSecondsThenHealthy()
    {
        using var server = new RedisServer();
        using var store = RedisContextRuntime.Connect(EngineSettingsFactory.RedisTool(server.Configuration), TimeProvider.System);
        var check = new ContextStoreHealthCheck(store);
        await Until(check, HealthStatus.Healthy, TimeSpan.FromSeconds(10));

        server.Pause();
        var paused = Stopwatch.StartNew();
        var unhealthy = await Until(check, HealthStatus.Unhealthy, TimeSpan.FromSeconds(10));
        var noticed = paused.Elapsed;
        server.Resume();
        await Until(check, HealthStatus.Healthy, TimeSpan.FromSeconds(10));

        Assert.Contains("PING", unhealthy.Description, StringComparison.Ordinal);
        Assert.True(noticed < TimeSpan.FromSeconds(5), $"noticed after {noticed}");
    }

    private static async Task<HealthCheckResult> Until(IHealthCheck check, HealthStatus status, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (true)
        {
            var result = await check.CheckHealthAsync(new HealthCheckContext());
            if (result.Status == status)
            {
                return result;
            }

            Assert.True(waited.Elapsed < timeout, $"still {result.Status} ({result.Description}) after {timeout}");
            await Task.Delay(100);
        }
    }
}
