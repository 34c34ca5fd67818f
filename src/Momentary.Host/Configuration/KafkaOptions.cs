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
    public string[] SignalTopics { get; set; } = ["momentary.signals.location.v1", "momentary.signals.wearable.v1", "momentary.signals.social.v1", "momentary.signals.commerce.v1", "momentary.redemptions.v1"];

    [Required]
    public string OfferTopic { get; set; } = "momentary.offers.v1";

    [Required]
    public string DeadLetterTopic { get; set; } = "momentary.deadletter.v1";

    /// <summary>Topic control-group (held-out) decisions are produced to. Default <c>momentary.control.v1</c>.</summary>
    [Required]
    public string ControlTopic { get; set; } = "momentary.control.v1";

    /// <summary>
    /// Exactly-once mode: offers and consumed offsets are committed together in Kafka transactions; offer-topic
    /// consumers must read with isolation.level=read_committed (docs/delivery.md). Default false (at-least-once).
    /// </summary>
    public bool ExactlyOnce { get; set; }

    /// <summary>
    /// The transactional id in exactly-once mode: unique per process and stable across its restarts (use the pod
    /// name in a StatefulSet). Default <c>momentary-{GroupId}-{machine name}</c>.
    /// </summary>
    public string? TransactionalId { get; set; }

    /// <summary>Extra librdkafka properties (e.g. <c>security.protocol</c>, <c>sasl.*</c>), applied to consumer and producer.</summary>
    public Dictionary<string, string> Properties { get; set; } = [];
}
