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
        using var redisStore = RedisContextStore.Connect(new RedisStoreSettings { Configuration = redis.Configuration });
        await world.ImportIntoAsync(redisStore);

        var rows = new List<(string Name, double Rate)>();
        using var sampler = args.Flag("alloc-types") ? new AllocationSampler() : null;
        foreach (var (name, store) in new (string, ICustomerContextStore)[] { ("in-memory store", memory), ("redis store", new RetryingContextStore(redisStore, TimeProvider.System)), ("redis + cache", new CachingContextStore(new RetryingContextStore(redisStore, TimeProvider.System))) })
        {
            var processor = new SignalProcessor(store, () => rules, new Geofencer(FenceIndex.Build(catalog), new GeofenceSettings()), TimeProvider.System, new PipelineSettings()) { RecordMetrics = false };
            await RunAsync(processor, records.AsMemory(0, Math.Min(5_000, count)), inFlight); // warm-up
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            sampler?.Start();
            var commandsBefore = args.Flag("alloc-types") ? CommandStats(redis.Port) : [];
            var watch = Stopwatch.StartNew();
            await RunAsync(processor, records, inFlight);
            var rate = count / watch.Elapsed.TotalSeconds;
            var perSignal = (GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)count;
            var hits = store is CachingContextStore cache ? string.Create(CultureInfo.InvariantCulture, $"  state cache hits {cache.StateHits * 100.0 / Math.Max(1, cache.StateHits + cache.StateMisses):0}%") : string.Empty;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name,-18} {rate,10:N0} signals/s  {perSignal,8:N0} B allocated per signal{hits}"));
            rows.Add((name, rate));
            if (args.Flag("alloc-types"))
            {
                var after = CommandStats(redis.Port);
                Console.WriteLine("    redis commands per signal: " + string.Join(", ", after.Select(kv => (kv.Key, Calls: kv.Value - commandsBefore.GetValueOrDefault(kv.Key))).Where(c => c.Calls > 0).OrderByDescending(c => c.Calls).Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Key} {c.Calls / (double)count:0.00}"))));
            }

            foreach (var (type, share) in sampler?.Stop(15) ?? [])
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {share,6:P1} {type}"));
            }
        }

        return 0;
    }

    private static Dictionary<string, long> CommandStats(int port)
    {
        var info = Process.Start(new ProcessStartInfo("redis-cli", ["-p", port.ToString(CultureInfo.InvariantCulture), "INFO", "commandstats"]) { RedirectStandardOutput = true })!;
        var text = info.StandardOutput.ReadToEnd();
        info.WaitForExit();
        return text.Split('\n').Where(l => l.StartsWith("cmdstat_", StringComparison.Ordinal))
            .ToDictionary(l => l[8..l.IndexOf(':', StringComparison.Ordinal)], l => long.Parse(l.Split("calls=")[1].Split(',')[0], CultureInfo.InvariantCulture));
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
