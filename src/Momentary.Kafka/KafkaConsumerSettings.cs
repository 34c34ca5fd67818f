using Confluent.Kafka;

namespace Momentary.Kafka;

/// <summary>
/// Immutable consumer settings (copy with <c>with { ... }</c>). Defaults favour latency and at-least-once:
/// offsets are stored only after an element's work is done (<c>enable.auto.offset.store=false</c>) and the
/// stored offsets are committed in the background every <see cref="CommitInterval"/>, on revoke and on shutdown.
/// The group assigns with the <c>range</c> strategy, which keeps partition N of every co-partitioned topic on one
/// member (a task); setting <c>partition.assignment.strategy</c> to anything else is refused.
/// </summary>
public sealed record KafkaConsumerSettings
{
    /// <summary>Comma-separated <c>host:port</c> list. Required.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>Consumer group id. Required.</summary>
    public required string GroupId { get; init; }

    /// <summary>
    /// Records buffered per partition for its sub-stream. Beyond it up to four times as many are held back, then
    /// the partition is paused (back-pressure) until its buffer is half empty. Default 2,048.
    /// </summary>
    public int PartitionBufferSize { get; init; } = 2048;

    /// <summary>
    /// Whether a record's <see cref="Momentary.Core.Messaging.InboundRecord.Value"/> points into the consumer's own
    /// buffer instead of a copy of its own. The buffer is reused once the batch's <see cref="CommittableOffset.ReleaseValues"/>
    /// is called, or, at the latest, once its offset has gone through <see cref="KafkaCommitter"/> or
    /// <see cref="KafkaTransactions"/>, so a stream that sets this must not read a value after that (copy what it
    /// keeps). Saves a byte array per record. Default false; the engine's graph,
    /// which reads a value only while processing it (decoding, or copying it into a dead letter), sets it.
    /// </summary>
    public bool LendRecordValues { get; init; }

    /// <summary>How often stored offsets are committed. Default 1 s; a shorter interval shrinks replays after a crash.</summary>
    public TimeSpan CommitInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long the broker waits for data before answering an empty fetch. Default 5 ms: it bounds idle latency.</summary>
    public int FetchWaitMaxMs { get; init; } = 5;

    /// <summary>
    /// Static membership (<c>group.instance.id</c>, KIP-345): a stable id, unique in the group, per instance (the pod
    /// name in a StatefulSet). A member that restarts with the same id within <see cref="SessionTimeout"/> gets its
    /// tasks back without a rebalance, so a rolling restart moves no task; a member that leaves for longer is
    /// replaced after the session timeout. Default none (dynamic membership: every join or leave rebalances).
    /// </summary>
    public string? GroupInstanceId { get; init; }

    /// <summary>Session timeout. Default 10 s; tests on the mock use 1.2-2 s so rebalances are quick.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Where a group without committed offsets starts. Default earliest: no signal produced before the first start is skipped.</summary>
    public AutoOffsetReset AutoOffsetReset { get; init; } = AutoOffsetReset.Earliest;

    /// <summary>Extra librdkafka properties (TLS, SASL, ...), applied last.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// Called on the consumer's thread after tasks are assigned, revoked or lost: state cached for tasks that left
    /// may be dropped (the task owner is the only writer of its customers' state).
    /// </summary>
    public Action? AssignmentChanged { get; init; }

    /// <summary>
    /// Claims an ownership epoch when tasks are assigned (called once per assignment, off the poll thread): a number
    /// greater than any earlier owner's, which every record of those tasks carries, so state written while processing
    /// them is fenced against earlier owners (docs/context-store.md, "Fenced writes"). A task emits nothing until its
    /// claim completes; a failed claim fails the source. Default none: records carry epoch 0 (unfenced).
    /// </summary>
    public Func<CancellationToken, Task<long>>? ClaimEpoch { get; init; }

    /// <summary>
    /// How long a task waits for a partition that may hold records it has not read yet (librdkafka has not reported the
    /// partition's end) before merging its other partitions without it, as Kafka Streams' <c>max.task.idle.ms</c>.
    /// Waiting keeps a backlog merged in timestamp order, so replays are deterministic. Default 2 s.
    /// </summary>
    public TimeSpan MaxTaskIdle { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// Kafka evicts a member whose poll loop has not polled for this long (<c>max.poll.interval.ms</c>); liveness uses the
    /// same bound. Default 5 min.
    /// </summary>
    public TimeSpan MaxPollInterval { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long a revocation waits for the work already handed out by the leaving tasks, so its offsets are committed
    /// before the partitions move (the group waits for this member meanwhile). Default 10 s; work that finishes later is
    /// reprocessed by the next owner.
    /// </summary>
    public TimeSpan RevokeDrainTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Receives librdkafka's log lines (the host maps their syslog level to its own; librdkafka logs no credentials
    /// unless <c>debug</c> is set). Default: dropped.
    /// </summary>
    public Action<LogMessage>? OnLog { get; init; }

    /// <summary>
    /// Receives client errors. Most are transient and retried inside librdkafka (brokers down, transport failures)
    /// and only reported; a fatal one also fails the source, which stops the engine. Default: none.
    /// </summary>
    public Action<Error>? OnError { get; init; }

    /// <summary>
    /// How often librdkafka reports statistics (<c>statistics.interval.ms</c>), from which the consumer-lag gauge
    /// (<c>momentary.kafka.consumer.lag</c>) is read. Default 5 s; zero turns statistics, and the gauge, off.
    /// </summary>
    public TimeSpan StatisticsInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The librdkafka configuration these settings stand for.</summary>
    public ConsumerConfig ToConfig()
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = GroupId,
            GroupInstanceId = string.IsNullOrEmpty(GroupInstanceId) ? null : GroupInstanceId,
            EnableAutoCommit = true,
            EnableAutoOffsetStore = false,
            AutoCommitIntervalMs = (int)CommitInterval.TotalMilliseconds,
            AutoOffsetReset = AutoOffsetReset,
            FetchWaitMaxMs = FetchWaitMaxMs,
            SessionTimeoutMs = (int)SessionTimeout.TotalMilliseconds,
            MaxPollIntervalMs = (int)MaxPollInterval.TotalMilliseconds,
            HeartbeatIntervalMs = Math.Max(100, (int)SessionTimeout.TotalMilliseconds / 4),
            PartitionAssignmentStrategy = Confluent.Kafka.PartitionAssignmentStrategy.Range,

            // A task waits for a lagging partition until librdkafka reports its end (see MaxTaskIdle).
            EnablePartitionEof = true,

            // Prefetch per partition. Kept near the lane size: a paused partition's prefetch is discarded and
            // fetched again on resume, so a large one (librdkafka's default is 100,000) is wasted work.
            QueuedMinMessages = Math.Max(1000, PartitionBufferSize),

            // librdkafka 2.x postpones a partition's next fetch by this much whenever its local queue is over the
            // threshold above; the 1 s default turned every back-pressure episode into a 1 s stall (measured:
            // 9.6k → 26.9k msg/s in the pass-through benchmark).
            FetchQueueBackoffMs = 1,

            StatisticsIntervalMs = (int)StatisticsInterval.TotalMilliseconds,
        };
        foreach (var (key, value) in Properties)
        {
            config.Set(key, value);
        }

        if (config.PartitionAssignmentStrategy != Confluent.Kafka.PartitionAssignmentStrategy.Range)
        {
            throw new ArgumentException($"partition.assignment.strategy={config.PartitionAssignmentStrategy} is not supported: tasks need 'range', which assigns partition N of every co-partitioned topic to one member");
        }

        return config;
    }
}
