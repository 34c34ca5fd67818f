using Microsoft.Extensions.Diagnostics.HealthChecks;
using Momentary.Host.Engine;

namespace Momentary.Host.Health;

/// <summary>Readiness: healthy while the engine runs; unhealthy while starting, draining or failed.</summary>
public sealed class EngineHealthCheck(EngineState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Status == EngineStatus.Running
            ? HealthCheckResult.Healthy("engine running")
            : HealthCheckResult.Unhealthy($"engine {state.Status.ToString().ToLowerInvariant()}"));
}
