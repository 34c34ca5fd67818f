using Xunit;

namespace Momentary.Testing.Kafka;

/// <summary>A test that can only prove its point against a real Kafka broker; skipped, with the reason, on the mock.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RealKafkaFactAttribute : FactAttribute
{
    public RealKafkaFactAttribute()
    {
        if (!KafkaTestCluster.RealBrokerAvailable)
        {
            Skip = KafkaTestCluster.NeedsRealBroker;
        }
    }
}
