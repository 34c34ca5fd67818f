using Confluent.Kafka;
using Confluent.Kafka.Admin;
using Momentary.Kafka.Embedded;
using Testcontainers.Kafka;
using Xunit;

namespace Momentary.Testing.Kafka;

/// <summary>
/// The Kafka cluster for tests, chosen in this order: the broker in <c>MOMENTARY_KAFKA_BOOTSTRAP</c>; a
/// Testcontainers Kafka when a Docker engine answers (on <c>DOCKER_HOST</c> when set, else its default socket;
/// the <c>docker</c> binary alone proves nothing); otherwise librdkafka's mock cluster. The same tests run on all
/// three; tests that need real transactions ask <see cref="SupportsTransactions"/> and are skipped with the reason on
/// the mock. An xunit fixture started asynchronously: a container starts once per test assembly and is shared by
/// every fixture (tests use unique topic and group names), while each fixture gets its own mock cluster, which starts
/// in milliseconds and whose single-threaded brokers would otherwise be shared by rebalancing tests running in parallel.
/// </summary>
public sealed class KafkaTestCluster : IAsyncLifetime
{
    private static readonly Lazy<Task<KafkaContainer>> SharedContainer = new(StartContainerAsync);
    private MockKafkaCluster? _mock;

    public KafkaClusterKind Kind { get; private set; }

    public string BootstrapServers { get; private set; } = "";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("MOMENTARY_KAFKA_BOOTSTRAP");
        if (!string.IsNullOrWhiteSpace(external))
        {
            Kind = KafkaClusterKind.External;
            BootstrapServers = external;
        }
        else if (DockerEngine.Answers)
        {
            Kind = KafkaClusterKind.Container;
            BootstrapServers = (await SharedContainer.Value).GetBootstrapAddress();
        }
        else
        {
            Kind = KafkaClusterKind.Mock;
            _mock = MockKafkaCluster.Start(brokers: 3);
            _mock.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
            BootstrapServers = _mock.BootstrapServers;
        }
    }

    /// <inheritdoc />
    public Task DisposeAsync()
    {
        _mock?.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>Why transaction tests are skipped without a real broker.</summary>
    public const string MockIgnoresTransactions = "librdkafka's mock cluster does not honour transactions for read_committed readers nor store transactional offsets";

    /// <summary>Why tests of commits made while a group rebalances are skipped without a real broker.</summary>
    public const string MockRefusesCommitsWhileRebalancing = "librdkafka's mock cluster refuses offset commits while its group rebalances (REBALANCE_IN_PROGRESS), where a real broker accepts them until the new generation forms";

    /// <summary>Whether a real broker will be used (an external one, or a container because Docker answers).</summary>
    public static bool RealBrokerAvailable { get; } = !string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable("MOMENTARY_KAFKA_BOOTSTRAP")) || DockerEngine.Answers;

    /// <summary>Whether read_committed readers see transactions honoured (not on the mock, see KAFKA-MOCK.md).</summary>
    public bool SupportsTransactions => Kind != KafkaClusterKind.Mock;

    /// <summary>Session timeout for group tests: short on the mock, where each rebalance round waits about this long.</summary>
    public TimeSpan SessionTimeout => Kind == KafkaClusterKind.Mock ? TimeSpan.FromMilliseconds(1500) : TimeSpan.FromSeconds(6);

    /// <summary>A topic name unique to the calling test.</summary>
    public static string UniqueName(string test) => $"{test}-{Guid.NewGuid():N}"[..Math.Min(test.Length + 33, 200)];

    public void CreateTopic(string topic, int partitions)
    {
        if (_mock is not null)
        {
            _mock.CreateTopic(topic, partitions);
            return;
        }

        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = BootstrapServers }).Build();
        admin.CreateTopicsAsync([new TopicSpecification { Name = topic, NumPartitions = partitions, ReplicationFactor = 1 }]).GetAwaiter().GetResult();
    }

    /// <summary>Produces records and waits for every acknowledgement.</summary>
    public void Produce(string topic, IEnumerable<(string Key, byte[] Value)> records)
    {
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = BootstrapServers, LingerMs = 1, EnableIdempotence = true }).Build();
        foreach (var (key, value) in records)
        {
            producer.Produce(topic, new Message<string, byte[]> { Key = key, Value = value });
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }

    /// <summary>
    /// Produces records with their own timestamps (the record timestamp tasks merge by), to an explicit partition when
    /// one is given (otherwise by key), and waits for every acknowledgement. Returns the end offset of every partition written.
    /// </summary>
    public Dictionary<TopicPartition, long> ProduceTimed(IEnumerable<(string Topic, int? Partition, string Key, byte[] Value, DateTimeOffset Timestamp)> records)
    {
        var ends = new Dictionary<TopicPartition, long>();
        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = BootstrapServers, LingerMs = 1, EnableIdempotence = true }).Build();
        foreach (var (topic, partition, key, value, timestamp) in records)
        {
            var message = new Message<string, byte[]> { Key = key, Value = value, Timestamp = new Timestamp(timestamp) };
            void Delivered(DeliveryReport<string, byte[]> report)
            {
                if (report.Error.IsError)
                {
                    throw new KafkaException(report.Error);
                }

                lock (ends)
                {
                    ends[report.TopicPartition] = Math.Max(ends.GetValueOrDefault(report.TopicPartition), report.Offset.Value + 1);
                }
            }

            if (partition is { } p)
            {
                producer.Produce(new TopicPartition(topic, p), message, Delivered);
            }
            else
            {
                producer.Produce(topic, message, Delivered);
            }
        }

        producer.Flush(TimeSpan.FromSeconds(30));
        return ends;
    }

    /// <summary>The group's committed offset per partition (-1001 when none).</summary>
    public Dictionary<int, long> Committed(string group, string topic, int partitions)
    {
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig { BootstrapServers = BootstrapServers, GroupId = group }).Build();
        var tps = Enumerable.Range(0, partitions).Select(p => new TopicPartition(topic, p)).ToList();
        return consumer.Committed(tps, TimeSpan.FromSeconds(10)).ToDictionary(c => c.Partition.Value, c => c.Offset.Value);
    }

    /// <summary>Reads every record currently in the topic (from the start, a throwaway group).</summary>
    public List<ConsumeResult<string, byte[]>> ReadAll(string topic, int expected, TimeSpan timeout)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(new ConsumerConfig
        {
            BootstrapServers = BootstrapServers,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            FetchWaitMaxMs = 5,
        }).Build();
        consumer.Subscribe(topic);
        var results = new List<ConsumeResult<string, byte[]>>();
        var deadline = DateTime.UtcNow + timeout;
        while (results.Count < expected && DateTime.UtcNow < deadline)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100)) is { Message: not null } r)
            {
                results.Add(r);
            }
        }

        consumer.Close();
        return results;
    }

    private static async Task<KafkaContainer> StartContainerAsync()
    {
        var container = new KafkaBuilder("confluentinc/cp-kafka:7.6.1").Build();
        await container.StartAsync();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => container.DisposeAsync().AsTask().GetAwaiter().GetResult();
        return container;
    }
}
