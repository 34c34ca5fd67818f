using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Momentary.Core.Offers;
using Momentary.Pipeline.Processing;

namespace Momentary.LoadTests.Harness;

/// <summary>
/// <c>soak [--minutes 10] [--rate R]</c>: the whole pipeline at a steady offered rate for a long run, sampling
/// memory, GC and latency every interval, to show memory stays flat and GC pauses stay out of p99. Writes
/// <c>soak.csv</c> and ends with one summary line.
/// </summary>
internal static class Soak
{
    public static async Task<int> RunAsync(Args args)
    {
        var minutes = args.Int("minutes", 10);
        var rate = args.Int("rate", 3000);
        var interval = args.Int("interval", 10);
        var outDir = args.String("out", "load-results");
        Directory.CreateDirectory(outDir);

        // The mock broker scans a partition's message sets linearly on every fetch, so its cost grows with the log:
        // long runs batch the generator (linger) and fetch at the production default (5 ms) to stay clear of it.
        using var rig = await LoadRig.StartAsync(args.Int("customers", 20_000), args.Int("venues", 2_000), args.Int("linger", 5));
        string signals = $"signals-{rig.Run}";
        var pipeline = new PipelineSettings { OfferTopic = $"offers-{rig.Run}", DeadLetterTopic = $"dlq-{rig.Run}" };
        rig.CreateTopics(signals, pipeline.OfferTopic, pipeline.DeadLetterTopic);
        LoadRun.Produce(rig.Producer, signals, rig.WarmUpRecords(DateTimeOffset.UtcNow));
        var (engine, processor, cache) = rig.StartEngine(signals, pipeline, fetchWaitMaxMs: args.Int("fetch-wait", 5));
        while (processor.Processed < rig.City.Customers.Count)
        {
            await Task.Delay(100);
        }

        var intended = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var offers = new LatencyReader(rig.Bootstrap, pipeline.OfferTopic, intended, v => OfferCodec.Decode(v).SignalId);
        offers.WaitAssigned(TimeSpan.FromSeconds(10));
        Console.WriteLine($"soak: {minutes} min at {rate:N0} signals/s, a sample every {interval} s");
        Console.WriteLine($"{"t (s)",6} {"processed/s",11} {"lag",7} {"offers",6} {"p50 ms",7} {"p99 ms",7} {"gen2 MB",8} {"heap MB",8} {"ws MB",7} {"gc0/1/2",10} {"pause ms",8} {"cached",7}");
        var csv = new StringBuilder("t_s,processed_per_s,lag,offers,p50_ms,p99_ms,gen2_mb,heap_mb,working_set_mb,gen0,gen1,gen2,gc_pause_ms,cached_customers\n");
        var clock = Stopwatch.StartNew();
        var sent = (long)rig.City.Customers.Count;
        var processedBefore = processor.Processed;
        var pauseBefore = GC.GetTotalPauseDuration();
        var gen2 = new List<double>();
        var p99s = new List<double>();
        var workingSets = new List<double>();
        var gen2Rows = new List<bool>(); // a gen2 collection happened in the interval
        var gen2Count = GC.CollectionCount(2);
        using var process = Process.GetCurrentProcess();
        while (clock.Elapsed < TimeSpan.FromMinutes(minutes))
        {
            LoadRun.SendAtRate(rig.Producer, signals, rig.Generator, rate, interval, intended);
            sent += (long)rate * interval;
            var latency = offers.NextPhase();
            intended.Clear();
            var processed = processor.Processed;
            var info = GC.GetGCMemoryInfo();
            var pause = GC.GetTotalPauseDuration();
            process.Refresh();
            var row = (
                T: clock.Elapsed.TotalSeconds,
                Rate: (processed - processedBefore) / (double)interval,
                Lag: sent - processed,
                Offers: latency.Count,
                P50: latency.PercentileMs(50),
                P99: latency.PercentileMs(99),
                Gen2: info.GenerationInfo[2].SizeAfterBytes / 1048576.0,
                Heap: info.HeapSizeBytes / 1048576.0,
                Ws: process.WorkingSet64 / 1048576.0,
                Pause: (pause - pauseBefore).TotalMilliseconds);
            processedBefore = processed;
            pauseBefore = pause;
            gen2.Add(row.Gen2);
            p99s.Add(row.P99);
            workingSets.Add(row.Ws);
            gen2Rows.Add(GC.CollectionCount(2) > gen2Count);
            gen2Count = GC.CollectionCount(2);
            var gcs = $"{GC.CollectionCount(0)}/{GC.CollectionCount(1)}/{GC.CollectionCount(2)}";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{row.T,6:0} {row.Rate,11:N0} {row.Lag,7:N0} {row.Offers,6} {row.P50,7:0.0} {row.P99,7:0.0} {row.Gen2,8:0.0} {row.Heap,8:0.0} {row.Ws,7:0} {gcs,10} {row.Pause,8:0.0} {cache.Count,7:N0}"));
            csv.Append(CultureInfo.InvariantCulture, $"{row.T:0},{row.Rate:0},{row.Lag},{row.Offers},{row.P50:0.00},{row.P99:0.00},{row.Gen2:0.0},{row.Heap:0.0},{row.Ws:0},{GC.CollectionCount(0)},{GC.CollectionCount(1)},{GC.CollectionCount(2)},{row.Pause:0.0},{cache.Count}\n");
        }

        await engine.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        await engine.DisposeAsync();
        await File.WriteAllTextAsync(Path.Combine(outDir, "soak.csv"), csv.ToString());

        // Growth: the old generation in the last third of the run against the first third (after the warm-up).
        var third = Math.Max(1, gen2.Count / 3);
        var early = gen2.Take(third).Average();
        var late = gen2.Skip(gen2.Count - third).Average();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"soak_minutes={minutes} rate={rate} gen2_early_mb={early:0.0} gen2_late_mb={late:0.0} gen2_growth={(late - early) / Math.Max(early, 1):P0} p99_median_ms={Median(p99s):0.0} p99_max_ms={p99s.Where(double.IsFinite).DefaultIfEmpty(double.NaN).Max():0.0}"));
        // The sawtooth's troughs (the least gen2 size in each third) and the working set are what "flat" is judged by;
        // p99 of the intervals with a gen2 collection against the others says whether gen2 pauses reach p99.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"soak_troughs_mb={string.Join('/', Enumerable.Range(0, 3).Select(i => gen2.Skip(i * third).Take(third).DefaultIfEmpty(double.NaN).Min().ToString("0.0", CultureInfo.InvariantCulture)))} working_set_mb={string.Join('/', Enumerable.Range(0, 3).Select(i => workingSets.Skip(i * third).Take(third).DefaultIfEmpty(double.NaN).Average().ToString("0", CultureInfo.InvariantCulture)))} " +
            $"gen2_intervals={gen2Rows.Count(g => g)} p99_median_gen2_intervals_ms={Median(p99s.Where((_, i) => gen2Rows[i]).ToList()):0.0} p99_median_other_intervals_ms={Median(p99s.Where((_, i) => !gen2Rows[i]).ToList()):0.0}"));
        return 0;
    }

    private static double Median(List<double> values)
    {
        var finite = values.Where(double.IsFinite).Order().ToList();
        return finite.Count == 0 ? double.NaN : finite[finite.Count / 2];
    }
}
