using System.ComponentModel.DataAnnotations;
using Momentary.Core.Messaging;

namespace Momentary.Host.Configuration;

/// <summary>Kafka connection and topic names.</summary>
internal sealed class KafkaOptions
{
    /// <summary>Comma-separated <c>host:port</c> list. Required for <c>run</c>.</summary>
    [Required]
    public string BootstrapServers { get; set; } = "localhost:9092";

    /// <summary>Consumer group; scale out by starting more processes with the same group (up to the partition count).</summary>
    [Required]
    public string GroupId { get; set; } = "momentary";

    /// <summary>
    /// Static membership (<c>group.instance.id</c>): a stable id per instance, unique in the group (the pod name in a
    /// StatefulSet). An instance restarted within the session timeout keeps its tasks: a rolling restart moves none
    /// (docs/scaling.md, "Static membership"). Default none: each restart rebalances the group twice (leave, join).
    /// </summary>
    public string? GroupInstanceId { get; set; }

    /// <summary>
    /// Signal topics, one per kind. They must be co-partitioned (same partition count, same key and partitioner:
    /// docs/contracts.md, "Partitioning"); start-up refuses them otherwise.
    /// </summary>
    /// <remarks>
    /// Empty by default, meaning the five <see cref="TopicNames.Signals"/>: the configuration binder appends bound
    /// elements to an array's initial ones, so a default list here would survive any list given in configuration.
    /// </remarks>
    public string[] SignalTopics { get; set; } = [];

    [Required]
    public string OfferTopic { get; set; } = TopicNames.Offers;

    [Required]
    public string DeadLetterTopic { get; set; } = TopicNames.DeadLetters;

    /// <summary>Topic control-group (held-out) decisions are produced to. Default <c>momentary.control.v1</c>.</summary>
    [Required]
    public string ControlTopic { get; set; } = TopicNames.Control;

    /// <summary>
    /// Topic the engine writes a sharer's <c>referral-credit</c> signal to when a friend's purchase through their
    /// referral link credits them (docs/rules.md, "Referrals"). Must be one of <see cref="SignalTopics"/>, so the
    /// sharer's own task reads it. Default <c>momentary.signals.commerce.v1</c>.
    /// </summary>
    [Required]
    public string ReferralCreditTopic { get; set; } = TopicNames.Commerce;

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

    /// <summary>
    /// How long a task waits for a signal topic's partition that may hold records not yet read before it merges the
    /// other topics without it (Kafka Streams' <c>max.task.idle.ms</c>; docs/architecture.md, "Tasks"). Default 2 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan MaxTaskIdle { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Readiness fails when the process has had no task for this long (more instances than partitions, or a group that
    /// cannot rebalance). Default 60 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan AssignmentBound { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Liveness fails when the poll loop has not polled for this long; also the consumer's <c>max.poll.interval.ms</c>,
    /// past which Kafka evicts it from the group. Default 5 min (librdkafka's default).
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:10", "01:00:00")]
    public TimeSpan MaxPollInterval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How often librdkafka reports statistics, from which the consumer-lag gauge <c>momentary.kafka.consumer.lag</c> is
    /// read (docs/operations.md). Default 5 s; <c>00:00:00</c> turns statistics and the gauge off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan StatisticsInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Extra librdkafka properties (e.g. <c>security.protocol</c>, <c>sasl.*</c>), applied to consumer and producer.</summary>
    public Dictionary<string, string> Properties { get; set; } = [];
}
