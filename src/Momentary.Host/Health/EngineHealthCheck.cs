using Microsoft.Extensions.Diagnostics.HealthChecks;
using Momentary.Host.Engine;

namespace Momentary.Host.Health;

/// <summary>Readiness: healthy while the engine runs with its rules loaded; unhealthy while starting, draining or failed.</summary>
internal sealed class EngineHealthCheck(EngineState state) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var rules = state.Rules;
        var result = state.Status switch
        {
            EngineStatus.Running when rules is not null => HealthCheckResult.Healthy($"engine running; {rules.Rules} rule(s) in force from {rules.Path} (sha256 {rules.Hash})"),
            EngineStatus.Running => HealthCheckResult.Unhealthy("engine running without rules"),
            var other => HealthCheckResult.Unhealthy($"engine {other.ToString().ToLowerInvariant()}" + (rules is null ? "; rules not loaded" : string.Empty)),
        };
        return Task.FromResult(result);
    }
}
