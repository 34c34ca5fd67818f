using Microsoft.Extensions.Diagnostics.HealthChecks;
using Momentary.Core.Context;

namespace Momentary.Host.Health;

/// <summary>
/// Readiness: unhealthy while the context store does not answer (Redis: a PING within a second) or while its calls
/// are being retried (signals wait, none is skipped, but the engine is not doing its work).
/// </summary>
internal sealed class ContextStoreHealthCheck(IContextStoreRuntime contextStore) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var readiness = await contextStore.CheckReadinessAsync(cancellationToken).ConfigureAwait(false);
        return readiness.Ready ? HealthCheckResult.Healthy(readiness.Description) : HealthCheckResult.Unhealthy(readiness.Description);
    }
}
