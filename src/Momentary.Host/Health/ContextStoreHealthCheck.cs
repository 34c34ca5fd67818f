using Microsoft.Extensions.Diagnostics.HealthChecks;
using Momentary.Core.Context;
using Momentary.Host.Commands;
using Momentary.Redis.Resilience;

namespace Momentary.Host.Health;

/// <summary>Readiness: degraded while context-store calls are being retried (Redis unreachable or slow).</summary>
public sealed class ContextStoreHealthCheck(ICustomerContextStore store) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(store is RetryingRedisStore { Status: ContextStoreStatus.Degraded }
            ? HealthCheckResult.Degraded("context store unreachable or slow; signals wait and are retried")
            : HealthCheckResult.Healthy("context store reachable"));
}
