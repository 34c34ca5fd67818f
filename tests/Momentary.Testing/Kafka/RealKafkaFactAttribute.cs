using Xunit;

namespace Momentary.Testing.Kafka;

/// <summary>A test that can only prove its point against a real Kafka broker; skipped, with the reason, on the mock.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RealKafkaFactAttribute : FactAttribute
{
    /// <param name="why">What the mock cannot do that the test needs (default: transactions).</param>
    public RealKafkaFactAttribute(string why = KafkaTestCluster.MockIgnoresTransactions)
    {
        if (!KafkaTestCluster.RealBrokerAvailable)
        {
            Skip = $"needs a real Kafka broker (set MOMENTARY_KAFKA_BOOTSTRAP=host:port, or run a Docker engine for Testcontainers): {why}";
        }
    }
}
