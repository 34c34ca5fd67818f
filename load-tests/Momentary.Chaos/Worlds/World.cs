using System.Globalization;
using Momentary.Chaos.Observation;
using Momentary.Chaos.Processes;
using Momentary.Core.Import;
using Momentary.Redis.Store;
using Momentary.Testing.Processes;
using Momentary.Testing.Redis;

namespace Momentary.Chaos.Worlds;

/// <summary>
/// One isolated deployment: a Kafka cluster (its own dev-cluster process, or its own topics on a real broker), its
/// own redis-server (append-only file, fsync always) or Redis Cluster loaded with the city's context, its rules and venues files,
/// and the <c>momentary run</c> processes of one consumer group. Disposing kills every process it started.
/// </summary>
internal sealed class World : IDisposable
{
    private readonly MomentaryBinary _binary;
    private readonly List<EngineProcess> _engines = [];
    private readonly HashSet<EngineProcess> _killedOnPurpose = [];
    private readonly Lock _lock = new();
    private readonly RedisServer? _redis;

    private World(MomentaryBinary binary, WorldSpec spec, IKafkaCluster kafka, RedisServer? redis, RedisCluster? cluster)
    {
        RedisCluster = cluster;
        RedisConfiguration = cluster?.Configuration ?? redis!.Configuration;
        _binary = binary;
        Spec = spec;
        Kafka = kafka;
        _redis = redis;
        GroupId = $"chaos-{spec.RunId}-{spec.Name}";
        RulesPath = Path.Combine(spec.Directory, "rules.yaml");
        VenuesPath = Path.Combine(spec.Directory, "venues.geojson");
        Monitor = new GroupMonitor(kafka.BootstrapServers, GroupId, kafka.Topics.Signals, kafka.Partitions);
    }

    public WorldSpec Spec { get; }

    public string Name => Spec.Name;

    public IKafkaCluster Kafka { get; }

    public TopicSet Topics => Kafka.Topics;

    /// <summary>The world's redis-server; only without <see cref="WorldSpec.RedisCluster"/>.</summary>
    public RedisServer Redis => _redis ?? throw new InvalidOperationException("this world runs on a Redis Cluster, not one redis-server");

    /// <summary>The world's Redis Cluster, with <see cref="WorldSpec.RedisCluster"/>.</summary>
    public RedisCluster? RedisCluster { get; }

    /// <summary>The engines' (and the verifier's) StackExchange.Redis configuration string.</summary>
    public string RedisConfiguration { get; }

    public string GroupId { get; }

    public string RulesPath { get; }

    public string VenuesPath { get; }

    public GroupMonitor Monitor { get; }

    /// <summary>Every engine process started in this world, running or not, in start order.</summary>
    public IReadOnlyList<EngineProcess> Engines
    {
        get
        {
            lock (_lock)
            {
                return [.. _engines];
            }
        }
    }

    public IReadOnlyList<EngineProcess> Running => [.. Engines.Where(e => e.IsRunning)];

    /// <summary>Engines that exited without the suite killing or stopping them (a crash of the engine itself).</summary>
    public IReadOnlyList<EngineProcess> UnexpectedExits
    {
        get
        {
            lock (_lock)
            {
                return [.. _engines.Where(e => e.Process.HasExited && !_killedOnPurpose.Contains(e))];
            }
        }
    }

    public static async Task<World> StartAsync(MomentaryBinary binary, WorldSpec spec, TextWriter log)
    {
        Directory.CreateDirectory(spec.Directory);
        await File.WriteAllTextAsync(Path.Combine(spec.Directory, "rules.yaml"), spec.RulesYaml);
        await File.WriteAllTextAsync(Path.Combine(spec.Directory, "venues.geojson"), spec.VenuesGeoJson);
        IKafkaCluster? kafka = null;
        RedisServer? redis = null;
        RedisCluster? cluster = null;
        try
        {
            kafka = spec.ExternalBootstrap is { } external
                ? await ExternalKafka.CreateAsync(external, $"chaos-{spec.RunId}-{spec.Name}", spec.Partitions)
                : await DevCluster.StartAsync(binary, spec.Partitions, spec.Directory, spec.Name + "-dev-cluster");
            cluster = spec.RedisCluster ? new RedisCluster() : null;
            redis = spec.RedisCluster ? null : new RedisServer(persistent: true);
            var configuration = cluster?.Configuration ?? redis!.Configuration;
            using (var store = RedisContextStore.Connect(new RedisStoreSettings { Configuration = configuration }))
            {
                var summary = await new ContextImporter(store).ImportAsync(new StringReader(spec.ContextNdjson));
                if (summary.Errors.Count > 0)
                {
                    throw new InvalidOperationException($"context load rejected {summary.Errors.Count} line(s), first: {summary.Errors[0]}");
                }

                var where = cluster is null ? $"redis-server on port {redis!.Port} (AOF, fsync always)" : $"Redis Cluster (3 masters, 3 replicas) on ports {string.Join(',', cluster.Nodes.Select(n => n.Port))}";
                log.WriteLine($"  [{spec.Name}] {kafka.Description} at {kafka.BootstrapServers}; {where}; context: {summary}");
            }

            return new World(binary, spec, kafka, redis, cluster);
        }
        catch
        {
            redis?.Dispose();
            cluster?.Dispose();
            kafka?.Dispose();
            throw;
        }
    }

    /// <summary>Starts one more <c>momentary run</c> process in this world's group.</summary>
    public EngineProcess StartEngine()
    {
        lock (_lock)
        {
            var name = $"{Name}-engine-{(_engines.Count + 1).ToString(CultureInfo.InvariantCulture)}";
            var engine = EngineProcess.Start(_binary, name, EngineEnvironment(), Spec.Directory);
            _engines.Add(engine);
            return engine;
        }
    }

    /// <summary>Sends <paramref name="signal"/> to <paramref name="engine"/>, recording that its exit is the suite's doing.</summary>
    public void Signal(EngineProcess engine, UnixSignal signal)
    {
        lock (_lock)
        {
            if (signal is UnixSignal.Kill or UnixSignal.Term)
            {
                _killedOnPurpose.Add(engine);
            }
        }

        engine.Process.Signal(signal);
    }

    /// <summary>The environment of every engine of this world (all settings but the port).</summary>
    public Dictionary<string, string> EngineEnvironment()
    {
        var session = (int)Spec.SessionTimeout.TotalMilliseconds;
        var env = new Dictionary<string, string>
        {
            ["Momentary__Kafka__BootstrapServers"] = Kafka.BootstrapServers,
            ["Momentary__Kafka__GroupId"] = GroupId,
            ["Momentary__Kafka__Properties__session.timeout.ms"] = session.ToString(CultureInfo.InvariantCulture),
            ["Momentary__Kafka__Properties__heartbeat.interval.ms"] = Math.Max(100, session / 4).ToString(CultureInfo.InvariantCulture),
            ["Momentary__Redis__Configuration"] = RedisConfiguration,
            ["Momentary__RulesFile"] = RulesPath,
            ["Momentary__VenuesFile"] = VenuesPath,
            ["Logging__LogLevel__Default"] = "Information",
            ["Logging__LogLevel__Microsoft.AspNetCore"] = "Warning",
            ["Logging__Console__FormatterOptions__SingleLine"] = "true",
            ["Logging__Console__FormatterOptions__TimestampFormat"] = "HH:mm:ss.fff ",
            ["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true",
        };
        Topics.AddTo(env);
        return env;
    }

    public void Dispose()
    {
        foreach (var engine in Engines)
        {
            engine.Dispose();
        }

        Monitor.Dispose();
        Kafka.Dispose();
        _redis?.Dispose();
        RedisCluster?.Dispose();
    }
}
