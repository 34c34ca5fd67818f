using Confluent.Kafka;

namespace Momentary.Kafka;

/// <summary>Immutable producer settings. Defaults: idempotent (no duplicates or reordering from retries), acks=all, linger 0 ms.</summary>
public sealed record KafkaProducerSettings
{
    /// <summary>Comma-separated <c>host:port</c> list. Required.</summary>
    public required string BootstrapServers { get; init; }

    /// <summary>
    /// Elements of one partition sub-stream awaiting acknowledgement at once. Default 1,024: acknowledgements take
    /// milliseconds under load, so a small window caps throughput at window / ack latency per partition.
    /// </summary>
    public int MaxInFlightPerPartition { get; init; } = 1024;

    /// <summary>How long librdkafka retries a record before reporting failure (which fails the stream). Default 30 s.</summary>
    public TimeSpan DeliveryTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Batching delay. Default 0 ms: offers are latency-critical.</summary>
    public double LingerMs { get; init; }

    /// <summary>
    /// Exactly-once mode: the producer's <c>transactional.id</c>, unique per running process and stable across its
    /// restarts (e.g. <c>momentary-{group}-{pod name}</c>). <c>null</c> (default) keeps at-least-once.
    /// </summary>
    public string? TransactionalId { get; init; }

    /// <summary>Exactly-once mode: a transaction closes after this many records or <see cref="TransactionInterval"/>, whichever first. Default 1,000.</summary>
    public int MaxTransactionRecords { get; init; } = 1000;

    /// <summary>Exactly-once mode: the longest a transaction stays open; bounds the latency read_committed consumers see. Default 100 ms.</summary>
    public TimeSpan TransactionInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Extra librdkafka properties, applied last.</summary>
    public IReadOnlyDictionary<string, string> Properties { get; init; } = new Dictionary<string, string>();

    /// <summary>Receives librdkafka's log lines. Default: dropped.</summary>
    public Action<LogMessage>? OnLog { get; init; }

    /// <summary>Receives client errors (a fatal one also fails the next produce, which fails the stream). Default: none.</summary>
    public Action<Error>? OnError { get; init; }

    /// <summary>The librdkafka configuration these settings stand for.</summary>
    public ProducerConfig ToConfig()
    {
        var config = new ProducerConfig
        {
            BootstrapServers = BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = LingerMs,
            MessageTimeoutMs = (int)DeliveryTimeout.TotalMilliseconds,
            TransactionalId = TransactionalId,
        };
        foreach (var (key, value) in Properties)
        {
            config.Set(key, value);
        }

        return config;
    }

    /// <summary>Creates a producer for these settings (share one per process).</summary>
    public IProducer<byte[]?, byte[]> CreateProducer()
    {
        var producer = new ProducerBuilder<byte[]?, byte[]>(ToConfig())
            .SetLogHandler((_, log) => OnLog?.Invoke(log))
            .SetErrorHandler((_, error) => OnError?.Invoke(error))
            .Build();
        if (TransactionalId is not null)
        {
            producer.InitTransactions(TimeSpan.FromSeconds(30)); // fences any zombie with the same id
        }

        return producer;
    }
}
