using Microsoft.Extensions.Diagnostics.HealthChecks;
using Momentary.Core.Context;
using Momentary.Host.Commands;
using Momentary.Redis.Resilience;

namespace Momentary.Host.Health;

/// <summary>
/// Readiness: unhealthy while Redis does not answer a PING within a second, or while context-store calls are being
/// retried (Redis unreachable or slow: signals wait, none is skipped, but the engine is not doing its work).
/// </summary>
public sealed class ContextStoreHealthCheck(ICustomerContextStore store) : IHealthCheck
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(1);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (store is not RetryingRedisStore redis)
        {
            return HealthCheckResult.Healthy("in-memory context store");
        }

        if (!await redis.Redis.AnswersAsync(PingTimeout, cancellationToken).ConfigureAwait(false))
        {
            return HealthCheckResult.Unhealthy($"Redis did not answer a PING within {PingTimeout.TotalSeconds:0} s; signals wait and are retried");
        }

        return redis.Status == ContextStoreStatus.Degraded
            ? HealthCheckResult.Unhealthy("context-store calls are failing and being retried; signals wait")
            : HealthCheckResult.Healthy("context store reachable");
    }
}
