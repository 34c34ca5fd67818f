using System.ComponentModel.DataAnnotations;

namespace Momentary.Host.Configuration;

/// <summary>Kafka connection and topic names.</summary>
public sealed class KafkaOptions
{
    /// <summary>Comma-separated <c>host:port</c> list. Required for <c>run</c>.</summary>
    [Required]
    public string BootstrapServers { get; set; } = "localhost:9092";

    /// <summary>Consumer group; scale out by starting more processes with the same group (up to the partition count).</summary>
    [Required]
    public string GroupId { get; set; } = "momentary";

    /// <summary>Signal topics, one per kind.</summary>
    public string[] SignalTopics { get; set; } = ["momentary.signals.location.v1", "momentary.signals.wearable.v1", "momentary.signals.social.v1", "momentary.signals.commerce.v1"];

    [Required]
    public string OfferTopic { get; set; } = "momentary.offers.v1";

    [Required]
    public string DeadLetterTopic { get; set; } = "momentary.deadletter.v1";

    /// <summary>Extra librdkafka properties (e.g. <c>security.protocol</c>, <c>sasl.*</c>), applied to consumer and producer.</summary>
    public Dictionary<string, string> Properties { get; set; } = [];
}
