namespace Momentary.Testing.Kafka;

/// <summary>Which Kafka the tests run against.</summary>
public enum KafkaClusterKind
{
    /// <summary>A broker named in <c>MOMENTARY_KAFKA_BOOTSTRAP</c>.</summary>
    External,

    /// <summary>A Testcontainers Kafka (a Docker engine answered).</summary>
    Container,

    /// <summary>librdkafka's in-process mock cluster.</summary>
    Mock,
}
