using System.Diagnostics;
using System.Globalization;
using Momentary.Core.Context;
using Momentary.Core.Messaging;
using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;
using Momentary.City;
using Momentary.Pipeline.Processing;
using Momentary.Redis.Resilience;
using Momentary.Redis.Store;
using Momentary.Testing.Redis;

namespace Momentary.LoadTests.Harness;

/// <summary>
/// <c>processor-bench</c>: the signal processor alone (decode, geo, context, rules, caps, encode; no Kafka) over
/// city signals, with the same number of signals in flight as the engine (6 partitions × 16), side by side on the
/// in-memory store and on Redis in one run. Separates what the processor costs from what the Kafka stages cost.
/// <c>--cluster</c> adds a real Redis Cluster (three masters, three replicas, all on this machine) to the run.
/// </summary>
internal static class ProcessorBench
{
    public static async Task<int> RunAsync(Args args)
    {
        var customers = args.Int("customers", 20_000);
        var venues = args.Int("venues", 2_000);
        var count = args.Int("signals", 60_000);
        var inFlight = args.Int("in-flight", 96);
        var world = CityWorld.Build(customers, venues);
        var (catalog, rules) = (world.Catalog, world.Rules);
        var generator = new SignalGenerator(world.City);
        var start = DateTimeOffset.UtcNow;
        var records = Enumerable.Range(0, count)
            .Select(i => generator.Next(start.AddMilliseconds(i)))
            .Select((s, i) => new InboundRecord("signals", i % 6, i, s.CustomerId, SignalCodec.Encode(s), start))
            .ToArray();

        var memory = new InMemoryContextStore();
        await world.ImportIntoAsync(memory);
        using var redis = new RedisServer();
        var emptyMemory = UsedMemory(redis);
        using var redisStore = RedisContextStore.Connect(new RedisStoreSettings { Configuration = redis.Configuration });
        await world.ImportIntoAsync(redisStore);

        var stores = new List<(string Name, ICustomerContextStore Store, IReadOnlyList<RedisServer> Servers)>
        {
            ("in-memory store", memory, []),
            ("redis store", new RetryingContextStore(redisStore, TimeProvider.System), [redis]),
            ("redis + cache", new CachingContextStore(new RetryingContextStore(redisStore, TimeProvider.System)), [redis]),
        };
        using var cluster = args.Flag("cluster") ? new RedisCluster() : null;
        using var clusterStore = cluster is null ? null : RedisContextStore.Connect(new RedisStoreSettings { Configuration = cluster.Configuration });
        if (cluster is not null && clusterStore is not null)
        {
            await world.ImportIntoAsync(clusterStore);
            stores.Add(("cluster store", new RetryingContextStore(clusterStore, TimeProvider.System), cluster.Nodes));
            stores.Add(("cluster + cache", new CachingContextStore(new RetryingContextStore(clusterStore, TimeProvider.System)), cluster.Nodes));
        }

        var rows = new List<(string Name, double Rate)>();
        using var sampler = args.Flag("alloc-types") ? new AllocationSampler() : null;
        foreach (var (name, store, servers) in stores)
        {
            var processor = new SignalProcessor(store, () => rules, new Geofencer(FenceIndex.Build(catalog), new GeofenceSettings()), TimeProvider.System, new PipelineSettings()) { RecordMetrics = false };
            await RunAsync(processor, records.AsMemory(0, Math.Min(5_000, count)), inFlight); // warm-up
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            sampler?.Start();
            var commandsBefore = CommandStats(servers);
            var redisCpu = servers.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.CpuTime);
            var watch = Stopwatch.StartNew();
            await RunAsync(processor, records, inFlight);
            var rate = count / watch.Elapsed.TotalSeconds;
            var perSignal = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)count;
            var hits = store is CachingContextStore cache ? string.Create(CultureInfo.InvariantCulture, $"  state cache hits {cache.StateHits * 100.0 / Math.Max(1, cache.StateHits + cache.StateMisses):0}%") : string.Empty;
            var serverUs = (servers.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.CpuTime) - redisCpu).TotalMicroseconds / count;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-18} {rate,10:N0} signals/s  {perSignal,8:N0} B allocated per signal  {serverUs:0.0} µs redis-server CPU per signal (replicas included){hits}"));
            rows.Add((name, rate));
            if (servers.Count > 0)
            {
                var after = CommandStats(servers);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    redis commands per signal: {(after.Values.Sum() - commandsBefore.Values.Sum()) / (double)count:0.00} in all; ") + string.Join(", ", after.Select(kv => (kv.Key, Calls: kv.Value - commandsBefore.GetValueOrDefault(kv.Key))).Where(c => c.Calls > 0).OrderByDescending(c => c.Calls).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Calls / (double)count:0.00}"))));
            }

            foreach (var (type, share) in sampler?.Stop(15) ?? [])
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {share,6:P1} {type}"));
            }
        }

        // Everything the city's customers hold after the runs: profiles, friends, state, visits, grants, decisions.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"redis memory: {(UsedMemory(redis) - emptyMemory) / (double)customers:N0} B per customer ({customers:N0} customers, {count:N0} signals, used_memory)"));
        return 0;
    }

    private static long UsedMemory(RedisServer server) =>
        long.Parse(RedisCli.Command(server.Port, "INFO", "memory").Split('\n').First(l => l.StartsWith("used_memory:", StringComparison.Ordinal))["used_memory:".Length..].Trim(), CultureInfo.InvariantCulture);

    // Commands the clients sent, by name, summed over the masters (a replica's calls are the writes replicated to it,
    // not counted here; its CPU is). INFO itself is not counted.
    private static Dictionary<string, long> CommandStats(IEnumerable<RedisServer> servers)
    {
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var server in servers.Where(s => s.IsRunning && !RedisCli.Command(s.Port, "ROLE").StartsWith("slave", StringComparison.Ordinal)))
        {
            foreach (var line in RedisCli.Command(server.Port, "INFO", "commandstats").Split('\n').Where(l => l.StartsWith("cmdstat_", StringComparison.Ordinal) && !l.StartsWith("cmdstat_info:", StringComparison.Ordinal)))
            {
                var name = line[8..line.IndexOf(':', StringComparison.Ordinal)];
                calls[name] = calls.GetValueOrDefault(name) + long.Parse(line.Split("calls=")[1].Split(',')[0], CultureInfo.InvariantCulture);
            }
        }

        return calls;
    }

    // Like the engine: a signal of a customer never overlaps another of the same customer (keys are spread over
    // the workers by hash, so one customer's signals stay on one worker, in order).
    private static async Task RunAsync(SignalProcessor processor, ReadOnlyMemory<InboundRecord> records, int inFlight)
    {
        var lanes = new List<InboundRecord>[inFlight];
        for (var i = 0; i < inFlight; i++)
        {
            lanes[i] = [];
        }

        foreach (var r in records.Span)
        {
            lanes[(int)((uint)StringComparer.Ordinal.GetHashCode(r.Key!) % (uint)inFlight)].Add(r);
        }

        await Task.WhenAll(lanes.Select(async lane =>
        {
            foreach (var r in lane)
            {
                await processor.ProcessAsync(r).ConfigureAwait(false);
            }
        }));
        await processor.FlushAsync().ConfigureAwait(false);
    }
}
