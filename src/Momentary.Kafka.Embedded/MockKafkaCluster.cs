using Confluent.Kafka;

namespace Momentary.Kafka.Embedded;

/// <summary>
/// An in-process Kafka-protocol cluster: librdkafka's built-in mock brokers on random loopback ports, speaking the
/// real wire protocol, so other clients (in this or another process) connect with <see cref="BootstrapServers"/>.
/// It lives exactly as long as this object. It has no admin API (create topics with <see cref="CreateTopic"/>),
/// does not honour transactions for read_committed readers, and keeps ~100k messages per partition: see
/// KAFKA-MOCK.md in the shared docs. Used by <c>momentary demo</c> and by tests without a real broker.
/// </summary>
public sealed class MockKafkaCluster : IDisposable
{
    private readonly IProducer<byte[], byte[]> _owner;
    private readonly IntPtr _cluster;

    private MockKafkaCluster(IProducer<byte[], byte[]> owner, IntPtr cluster, string bootstrap)
    {
        _owner = owner;
        _cluster = cluster;
        BootstrapServers = bootstrap;
    }

    /// <summary>Comma-separated <c>127.0.0.1:port</c> list of the mock brokers.</summary>
    public string BootstrapServers { get; }

    /// <summary>Starts a cluster of <paramref name="brokers"/> brokers (about 130 ms).</summary>
    public static MockKafkaCluster Start(int brokers = 3)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(brokers, 1);
        LibrdkafkaMock.EnsureResolver();
        var config = new ProducerConfig(new Dictionary<string, string> { ["test.mock.num.brokers"] = brokers.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            // The mock logs its bootstrap replacement at notice level; nothing else of interest.
            LogQueue = false,
        };
        var owner = new ProducerBuilder<byte[], byte[]>(config).SetLogHandler((_, _) => { }).Build();
        try
        {
            var cluster = LibrdkafkaMock.HandleMockCluster(LibrdkafkaMock.ClientPointer(owner.Handle));
            if (cluster == IntPtr.Zero)
            {
                throw new InvalidOperationException("librdkafka did not create a mock cluster");
            }

            using var admin = new DependentAdminClientBuilder(owner.Handle).Build();
            var metadata = admin.GetMetadata(TimeSpan.FromSeconds(10));
            var bootstrap = string.Join(',', metadata.Brokers.Select(b => $"{b.Host}:{b.Port}"));
            return new MockKafkaCluster(owner, cluster, bootstrap);
        }
        catch
        {
            owner.Dispose();
            throw;
        }
    }

    /// <summary>Creates <paramref name="topic"/> with <paramref name="partitions"/> partitions (otherwise first use auto-creates 4).</summary>
    /// <exception cref="InvalidOperationException">librdkafka refused (e.g. the topic exists with another count).</exception>
    public void CreateTopic(string topic, int partitions, int replicationFactor = 1)
    {
        var err = LibrdkafkaMock.TopicCreate(_cluster, topic, partitions, replicationFactor);
        if (err != 0)
        {
            throw new InvalidOperationException($"mock topic '{topic}' could not be created (librdkafka error {err})");
        }
    }

    /// <summary>Sets the wait before a new group's first assignment (the broker default is 3 s; tests and the demo use 0).</summary>
    public void SetGroupInitialRebalanceDelay(TimeSpan delay) =>
        LibrdkafkaMock.GroupInitialRebalanceDelayMs(_cluster, (int)delay.TotalMilliseconds);

    /// <summary>Stops the brokers; every client connected to them then fails with a transport error.</summary>
    public void Dispose() => _owner.Dispose();
}
