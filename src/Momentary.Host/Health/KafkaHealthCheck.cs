using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Momentary.Host.Configuration;
using Momentary.Host.Engine;

namespace Momentary.Host.Health;

/// <summary>
/// Readiness: unhealthy while no Kafka broker is reachable, once the consumer has closed, and while no task has been
/// assigned for longer than <see cref="KafkaOptions.AssignmentBound"/> (more instances than partitions, or a group
/// that cannot rebalance).
/// </summary>
internal sealed class KafkaHealthCheck(EngineState state, IOptions<MomentaryOptions> options) : IHealthCheck
{
    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var kafka = options.Value.Kafka;
        var consumer = state.Consumer;
        HealthCheckResult result;
        if (!consumer.Started)
        {
            result = HealthCheckResult.Unhealthy($"not consuming yet (brokers {kafka.BootstrapServers})");
        }
        else if (consumer.Closed)
        {
            result = HealthCheckResult.Unhealthy("the consumer has closed");
        }
        else if (!consumer.BrokersReachable)
        {
            result = HealthCheckResult.Unhealthy($"no Kafka broker reachable at {kafka.BootstrapServers} (Momentary__Kafka__BootstrapServers): {consumer.LastError}");
        }
        else if (consumer.Tasks == 0 && consumer.Unassigned > kafka.AssignmentBound)
        {
            result = HealthCheckResult.Unhealthy($"no task assigned for {consumer.Unassigned.TotalSeconds:0} s in group {kafka.GroupId} (more instances than partitions, or the group cannot rebalance)");
        }
        else
        {
            result = HealthCheckResult.Healthy($"{consumer.Tasks} task(s) assigned in group {kafka.GroupId}");
        }

        return Task.FromResult(result);
    }
}
