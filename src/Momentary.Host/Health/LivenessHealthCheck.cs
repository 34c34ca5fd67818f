using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Momentary.Host.Configuration;
using Momentary.Host.Engine;

namespace Momentary.Host.Health;

/// <summary>
/// Liveness: unhealthy when the running engine's poll loop has not polled within <see cref="KafkaOptions.MaxPollInterval"/>
/// (a stuck consumer, which Kafka will also evict from the group): restarting the process is the cure.
/// </summary>
internal sealed class LivenessHealthCheck(EngineState state, IOptions<MomentaryOptions> options) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var bound = options.Value.Kafka.MaxPollInterval;
        var consumer = state.Consumer;
        return Task.FromResult(state.Status == EngineStatus.Running && consumer.Started && !consumer.Closed && consumer.SinceLastPoll > bound
            ? HealthCheckResult.Unhealthy($"the poll loop has not polled for {consumer.SinceLastPoll.TotalSeconds:0} s (bound {bound.TotalSeconds:0} s)")
            : HealthCheckResult.Healthy("alive"));
    }
}
