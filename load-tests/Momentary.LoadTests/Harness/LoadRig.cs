using Confluent.Kafka;
using Momentary.Core.Context;
using Momentary.Core.Rules;
using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;
using Momentary.Host.Engine;
using Momentary.City;
using Momentary.Kafka.Embedded;
using Momentary.Pipeline.Processing;
using Momentary.Redis.Runtime;
using Momentary.Redis.Store;
using Momentary.Testing.Redis;

namespace Momentary.LoadTests.Harness;

/// <summary>
/// What every harness run stands on: the city, a redis-server loaded with its context, the Kafka cluster (the
/// embedded mock, or the broker in <c>MOMENTARY_KAFKA_BOOTSTRAP</c>) with this run's topics, a producer, and the
/// engine wired as in production (the partition-affine cache in front of the retrying Redis store).
/// </summary>
internal sealed class LoadRig : IDisposable
{
    public const int Partitions = 6;

    private readonly RedisServer _redis;
    private readonly MockKafkaCluster? _cluster;
    private readonly List<IDisposable> _owned = [];

    private readonly CityWorld _world;

    private LoadRig(CityWorld world, RedisServer redis, RedisContextStore store, VenueCatalog catalog, RuleBook rules, MockKafkaCluster? cluster, string bootstrap, int lingerMs)
    {
        _world = world;
        City = world.City;
        _redis = redis;
        Store = store;
        Catalog = catalog;
        Rules = rules;
        _cluster = cluster;
        Bootstrap = bootstrap;
        Run = Guid.NewGuid().ToString("N")[..6];
        Generator = new SignalGenerator(world.City);
        // No delivery reports: nothing reads them (Flush waits for every record), and the client would make one on its
        // own thread per record produced, which the allocation count would take for the pipe's.
        Producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = bootstrap, LingerMs = lingerMs, EnableIdempotence = true, QueueBufferingMaxMessages = 2_000_000, EnableDeliveryReports = false }).SetKeySerializer(new KeyBytes()).Build();
    }

    public CityModel City { get; }

    public RedisContextStore Store { get; }

    public VenueCatalog Catalog { get; }

    public RuleBook Rules { get; }

    public string Bootstrap { get; }

    /// <summary>A short id that keeps this run's topics and groups apart from any other run's on a shared broker.</summary>
    public string Run { get; }

    public SignalGenerator Generator { get; }

    public IProducer<string, byte[]> Producer { get; }

    /// <param name="customers">Simulated customers.</param>
    /// <param name="venues">Simulated venues (fences).</param>
    /// <param name="lingerMs">The load generator's <c>linger.ms</c>: 0 for latency runs; long runs on the mock batch more (see docs/performance.md).</param>
    public static async Task<LoadRig> StartAsync(int customers, int venues, int lingerMs = 0)
    {
        var world = CityWorld.Build(customers, venues);
        var redis = new RedisServer();
        var store = RedisContextStore.Connect(new RedisStoreSettings { Configuration = redis.Configuration });
        await world.ImportIntoAsync(store);
        var external = Environment.GetEnvironmentVariable("MOMENTARY_KAFKA_BOOTSTRAP");
        var cluster = string.IsNullOrWhiteSpace(external) ? MockKafkaCluster.Start(3) : null;
        cluster?.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        return new LoadRig(world, redis, store, world.Catalog, world.Rules, cluster, external ?? cluster!.BootstrapServers, lingerMs);
    }

    /// <summary>Creates topics with <see cref="Partitions"/> partitions on the mock (a real broker is expected to auto-create or have them).</summary>
    public void CreateTopics(params string[] topics)
    {
        foreach (var topic in topics)
        {
            _cluster?.CreateTopic(topic, Partitions);
        }
    }

    /// <summary>One location ping per customer: run through a pipe first so it is timed warm (JIT done, contexts cached).</summary>
    public List<(string Key, byte[] Value)> WarmUpRecords(DateTimeOffset at) =>
        Enumerable.Range(0, City.Customers.Count).Select(i => Generator.Ping(at, i)).Select(s => (s.CustomerId, SignalCodec.Encode(s))).ToList();

    /// <summary>Starts the engine on <paramref name="signalTopic"/>, wired as in production (state flushed every <paramref name="stateFlushMs"/>; negative: the engine's default).</summary>
    public (MomentaryEngine Engine, SignalProcessor Processor, CachingContextStore Cache) StartEngine(string signalTopic, PipelineSettings pipeline, int partitionBuffer = 2048, int fetchWaitMaxMs = 1, int stateFlushMs = -1)
    {
        var store = RedisContextRuntime.Connect(new RedisRuntimeSettings { Store = new RedisStoreSettings { Configuration = _redis.Configuration }, Cache = new CachingContextStoreSettings() }, TimeProvider.System);
        _owned.Add(store);
        var processor = Processor(store.Store, pipeline);
        var embedded = EngineSettingsFactory.Embedded(Bootstrap, "momentary-" + Run, [signalTopic], pipeline);
        embedded = stateFlushMs < 0 ? embedded : embedded with { StateFlushInterval = TimeSpan.FromMilliseconds(stateFlushMs) };
        Console.WriteLine($"state flush: {(embedded.StateFlushInterval > TimeSpan.Zero ? $"by the committer every {embedded.StateFlushInterval.TotalMilliseconds:0} ms" : "after every batch")}");
        var engine = MomentaryEngine.Start(embedded with { Consumer = embedded.Consumer with { AssignmentChanged = store.TasksChanged, SessionTimeout = TimeSpan.FromSeconds(6), PartitionBufferSize = partitionBuffer, FetchWaitMaxMs = fetchWaitMaxMs } }, processor);
        return (engine, processor, store.Cache!);
    }

    /// <summary>
    /// A store on the same redis-server under its own key prefix, loaded with the same city context: a peer pipe then
    /// starts from the same profiles and friendships, with its own state and caps (disposed with the rig).
    /// </summary>
    public async Task<RedisContextStore> SeparateStoreAsync(string keyPrefix)
    {
        var store = RedisContextStore.Connect(new RedisStoreSettings { Configuration = _redis.Configuration, KeyPrefix = keyPrefix });
        _owned.Add(store);
        await _world.ImportIntoAsync(store);
        return store;
    }

    /// <summary>The processor every pipe shares the code of: same rules, fences and settings, over <paramref name="store"/>.</summary>
    public SignalProcessor Processor(ICustomerContextStore store, PipelineSettings pipeline) =>
        new(store, () => Rules, new Geofencer(FenceIndex.Build(Catalog), new GeofenceSettings()), TimeProvider.System, pipeline);

    /// <summary>The harness's redis-server, as a StackExchange.Redis configuration string.</summary>
    public string RedisConfiguration => _redis.Configuration;

    /// <summary>CPU used so far by this process (generator, brokers, pipes) and by redis-server.</summary>
    public (TimeSpan Process, TimeSpan Redis) CpuTime() => (Environment.CpuUsage.TotalTime, _redis.CpuTime);

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }

        Producer.Dispose();
        _cluster?.Dispose();
        Store.Dispose();
        _redis.Dispose();
    }
}

/// <summary>The harness producer's key serializer: each customer id's UTF-8 bytes, encoded once (the client copies them).</summary>
internal sealed class KeyBytes : ISerializer<string>
{
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, byte[]> _bytes = new(StringComparer.Ordinal);

    public byte[] Serialize(string data, SerializationContext context) =>
        data is null ? null! : _bytes.GetOrAdd(data, static key => System.Text.Encoding.UTF8.GetBytes(key));
}
