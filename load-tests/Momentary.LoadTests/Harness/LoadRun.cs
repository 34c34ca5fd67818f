using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Confluent.Kafka;
using Momentary.Core.Offers;
using Momentary.Core.Signals;
using Momentary.City;
using Momentary.LoadTests.PassThrough;
using Momentary.Pipeline.Processing;

namespace Momentary.LoadTests.Harness;

/// <summary>
/// <c>run [--quick]</c>: the whole pipeline (decode, geo, Redis context, rules, caps, produce) under city load,
/// beside a bare consume → produce pass-through on the same cluster, partitions and client settings, in one run.
/// Throughput: each pipe drains the same backlog of city signals. Latency: open-loop sends at fractions of the
/// measured sustainable rate; signal sent → offer (or copy) read back. Writes a CSV and an SVG plot.
/// </summary>
internal static class LoadRun
{
    private const int Partitions = 6;

    public static async Task<int> RunAsync(Args args)
    {
        var quick = args.Flag("quick");
        var customers = args.Int("customers", quick ? 20_000 : 100_000);
        var venues = args.Int("venues", quick ? 2_000 : 10_000);
        // A quick throughput-only run drains 100,000 signals (30,000 took 0.2–0.4 s on a fast host: one collection more
        // or less moved the figures by a quarter); with the latency steps it stays at 30,000, as a longer backlog
        // spends the customers' offer caps and leaves the steps a few dozen offers to time.
        var backlog = args.Int("backlog", !quick ? 150_000 : args.Flag("throughput-only") ? 100_000 : 30_000);
        var seconds = args.Int("seconds", quick ? 5 : 20);
        var outDir = args.String("out", "load-results");
        Directory.CreateDirectory(outDir);
        var total = Stopwatch.StartNew();

        Console.WriteLine($"city: {customers:N0} customers, {venues:N0} venues; backlog {backlog:N0} signals; {seconds} s per latency step");
        using var rig = await LoadRig.StartAsync(customers, venues);
        var (bootstrap, run, generator, producer) = (rig.Bootstrap, rig.Run, rig.Generator, rig.Producer);
        string bareIn = $"bare-in-{run}", bareOut = $"bare-out-{run}", momIn = $"signals-{run}";
        var pipeline = new PipelineSettings { OfferTopic = $"offers-{run}", DeadLetterTopic = $"dlq-{run}", ParallelismPerPartition = args.Int("parallelism", new PipelineSettings().ParallelismPerPartition) };
        rig.CreateTopics(bareIn, bareOut, momIn, pipeline.OfferTopic, pipeline.DeadLetterTopic);
        var start = DateTimeOffset.UtcNow;
        // A warm-up before timing, so the throughput is the steady state's, not a cold start's: one ping per
        // customer (each context then cached next to its partition), then fresh rounds of the city's mix until the
        // JIT has settled (WarmUp.Fresh), and, in a throughput-only run, one backlog as deep as the timed one, so the
        // timed drain is not the consumer's first this deep (--deep-warm-up 0 times a consumer's first deep drain, as
        // until issue 22's seventh session). Both pipes get the same records.
        var deep = args.Int("deep-warm-up", args.Flag("throughput-only") ? backlog : 0);
        var warmUp = WarmUp.Fresh(rig, start, quick ? 15_000 : 50_000, deep);
        var backlogRecords = Enumerable.Range(0, backlog).Select(i => generator.Next(start.AddMilliseconds(i))).Select(s => (s.CustomerId, SignalCodec.Encode(s))).ToList();

        // Throughput: the same backlog through each pipe, timed from its first output to its last.
        using var bareStop = new CancellationTokenSource();
        var bare = PassThroughBench.BareLoopAsync(bootstrap, bareIn, bareOut, bareStop.Token);
        var bareWarm = await warmUp.RunAsync("bare pass-through", records => Produce(producer, bareIn, records), () => CountRead(bootstrap, bareOut, backlog));
        Produce(producer, bareIn, backlogRecords);
        var (bareRate, bareCpu) = await Drain(() => CountRead(bootstrap, bareOut, backlog), bareWarm, backlog, rig.CpuTime);
        Console.WriteLine($"bare pass-through: {bareRate:N0} signals/s; CPU per signal {bareCpu.Describe()}");

        var (engine, processor, cache) = rig.StartEngine(momIn, pipeline, args.Int("buffer", 2048), stateFlushMs: args.Int("flush-ms", -1));
        var momWarm = await warmUp.RunAsync("Momentary", records => Produce(producer, momIn, records), () => processor.Processed);
        Console.WriteLine($"the consumer's lane buffers after the warm-up: {Momentary.Kafka.KafkaSource.LaneBufferBytes / 1048576.0:N1} MiB (allocated once, reused by every later backlog)");
        using var sampler = args.Flag("alloc-types") ? new AllocationSampler() : null;
        sampler?.Start();
        using var redisStats = args.Flag("redis-stats") ? new RedisCommandStats(rig.RedisConfiguration) : null;
        redisStats?.Reset();
        var allocated = GC.GetTotalAllocatedBytes();
        var laneBuffers = Momentary.Kafka.KafkaSource.LaneBufferBytes;
        var gcIndex = GC.GetGCMemoryInfo().Index;
        var (paused, gcs, drainClock) = (GC.GetTotalPauseDuration(), (GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2)), Stopwatch.StartNew());
        // The harness's own producing (messages, keys, the backlog's delivery) is on this thread: counted apart.
        var producing = GC.GetAllocatedBytesForCurrentThread();
        Produce(producer, momIn, backlogRecords);
        producing = GC.GetAllocatedBytesForCurrentThread() - producing;
        var (momRate, momCpu) = await Drain(() => processor.Processed, momWarm, backlog, rig.CpuTime, () => cache.FlushAsync().AsTask());
        var allocatedPerSignal = (GC.GetTotalAllocatedBytes() - allocated - producing) / (double)backlog;
        var laneBuffersPerSignal = (Momentary.Kafka.KafkaSource.LaneBufferBytes - laneBuffers) / (double)backlog;
        var gcPaused = GC.GetTotalPauseDuration() - paused;
        var gcLine = string.Create(CultureInfo.InvariantCulture, $"GC while Momentary drained: {GC.CollectionCount(0) - gcs.Item1}/{GC.CollectionCount(1) - gcs.Item2}/{GC.CollectionCount(2) - gcs.Item3} collections (gen0/1/2), paused {gcPaused.TotalMilliseconds:0} ms = {gcPaused / drainClock.Elapsed:P1} of the drain's time{LastCollection(gcIndex)}");
        redisStats?.Print(backlog); // after the allocation count: reading the slow log allocates
        Console.WriteLine($"allocated while Momentary drained: {allocatedPerSignal:N0} B per signal (the whole process, less the {producing / (double)backlog:N0} B per signal the harness allocated producing the backlog on its own thread)");
        // The consumer's lane buffers (chunks and rings) are allocated on its first backlog this deep and reused for
        // every later one, rebalances included: a bounded cost per consumer, not per signal, so shown apart.
        Console.WriteLine($"of which the consumer's lane buffers on their first fill: {laneBuffersPerSignal:N0} B per signal; per signal without them: {allocatedPerSignal - laneBuffersPerSignal:N0} B");
        Console.WriteLine(gcLine);
        foreach (var (type, share) in sampler?.Stop(25) ?? [])
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    {share,6:P1} {type}"));
        }

        Console.WriteLine($"Momentary pipeline: {momRate:N0} signals/s ({momRate / bareRate:P0} of the bare pass-through); CPU per signal {momCpu.Describe()}; state cache hits {cache.StateHits:N0}, misses {cache.StateMisses:N0}; position-only saves held {cache.PositionsHeld:N0}");

        async Task StopPipesAsync()
        {
            await engine.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
            await engine.DisposeAsync();
            await bareStop.CancelAsync();
            await bare;
        }

        if (args.Flag("throughput-only"))
        {
            await StopPipesAsync();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"throughput_ratio={momRate / bareRate:0.00} cpu_ratio={momCpu.RatioTo(bareCpu):0.00} sustained_per_s={momRate:0} baseline_per_s={bareRate:0}"));
            return 0;
        }

        // Latency at fractions of Momentary's sustainable rate, both pipes at the same offered rates.
        var intended = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        using var bareReader = new LatencyReader(bootstrap, bareOut, intended, v => SignalCodec.TryDecode(v, out var s, out _) ? s!.Id : null);
        using var offerReader = new LatencyReader(bootstrap, pipeline.OfferTopic, intended, v => OfferCodec.Decode(v).SignalId);
        bareReader.WaitAssigned(TimeSpan.FromSeconds(10));
        offerReader.WaitAssigned(TimeSpan.FromSeconds(10));
        var rows = new List<(int Rate, string Pipe, LatencyHistogram Latency)>();
        // The open-loop sender shares the two cores with both pipes and cannot hold more than ~20,000/s, so when ¾ of
        // the sustainable rate is above that, all three steps are scaled down together (they stay distinct, and
        // "half" is then below half the sustainable rate; said on the console).
        var scale = Math.Min(momRate, MaxOfferedRate / 0.75);
        if (scale < momRate)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"offered rates capped: the top step is {MaxOfferedRate:N0}/s, so the middle one is {scale * 0.5:N0}/s ({scale * 0.5 / momRate:P0} of the sustainable rate, not 50 %)"));
        }

        foreach (var fraction in new[] { 0.25, 0.5, 0.75 })
        {
            var rate = (int)Math.Max(100, scale * fraction);
            foreach (var (pipe, topic, reader) in new[] { ("bare", bareIn, bareReader), ("momentary", momIn, offerReader) })
            {
                reader.NextPhase();
                SendAtRate(producer, topic, generator, rate, seconds, intended);
                await Task.Delay(1500); // let the tail arrive
                var latency = reader.NextPhase();
                rows.Add((rate, pipe, latency));
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{pipe,-10} {rate,6}/s  p50 {latency.PercentileMs(50),7:0.00} ms  p90 {latency.PercentileMs(90),7:0.00} ms  p99 {latency.PercentileMs(99),7:0.00} ms  ({latency.Count} samples)"));
                intended.Clear();
            }
        }

        await StopPipesAsync();

        WriteCsv(Path.Combine(outDir, "latency.csv"), rows);
        WriteSvg(Path.Combine(outDir, "latency.svg"), rows);
        var half = rows.Where(r => r.Rate == rows[2].Rate).ToDictionary(r => r.Pipe, r => r.Latency);
        Console.WriteLine($"wrote {outDir}/latency.csv and {outDir}/latency.svg in {total.Elapsed.TotalSeconds:0} s");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"throughput_ratio={momRate / bareRate:0.00} cpu_ratio={momCpu.RatioTo(bareCpu):0.00} p50_ms={half["momentary"].PercentileMs(50):0.00} p99_ms={half["momentary"].PercentileMs(99):0.00} baseline_p99_ms={half["bare"].PercentileMs(99):0.00} sustained_per_s={momRate:0}"));
        return 0;
    }

    private const int MaxOfferedRate = 20_000;

    internal static void Produce(IProducer<string, byte[]> producer, string topic, List<(string Key, byte[] Value)> records)
    {
        // One message, headers and partition for every record (the client copies them before Produce returns) and
        // the keys' bytes cached by the rig's serializer: the backlog is produced while Momentary drains, and the
        // client's objects per record (176 B per signal) were collected inside the timed drain's window.
        var partition = new TopicPartition(topic, Partition.Any);
        var message = new Message<string, byte[]> { Key = string.Empty, Value = [], Headers = [] };
        foreach (var (key, value) in records)
        {
            (message.Key, message.Value) = (key, value);
            producer.Produce(partition, message);
        }

        producer.Flush(TimeSpan.FromSeconds(60));
    }

    // Open loop: signal i is due at start + i/rate; its latency clock starts at that intended time.
    internal static void SendAtRate(IProducer<string, byte[]> producer, string topic, SignalGenerator generator, int rate, int seconds, ConcurrentDictionary<string, long> intended)
    {
        var start = Stopwatch.GetTimestamp();
        var count = rate * seconds;
        var i = 0;
        while (i < count)
        {
            // Send everything due by now, then sleep ~1 ms: millisecond-granular pacing without burning a core
            // (a spinning sender starves the pipes it measures on a 2-core machine).
            var now = Stopwatch.GetTimestamp();
            for (var due = start + (long)(i * (double)Stopwatch.Frequency / rate); i < count && due <= now; due = start + (long)(++i * (double)Stopwatch.Frequency / rate))
            {
                var signal = generator.Next(DateTimeOffset.UtcNow);
                intended[signal.Id] = due;
                producer.Produce(topic, new Message<string, byte[]> { Key = signal.CustomerId, Value = SignalCodec.Encode(signal) });
            }

            Thread.Sleep(1);
        }

        producer.Flush(TimeSpan.FromSeconds(30));
    }

    // What the last collection of the drain promoted: a pause is the time to mark and copy what survives, so this
    // says whether the pauses come from survivors (states replaced per signal) or from the allocation rate.
    private static string LastCollection(long indexBefore)
    {
        var last = GC.GetGCMemoryInfo(GCKind.Ephemeral); // a background gen2 pauses little and "promotes" the whole heap
        return last.Index <= indexBefore ? "" : string.Create(CultureInfo.InvariantCulture, $"; the last gen{last.Generation} collection promoted {last.PromotedBytes / 1048576.0:0.0} MB in {last.PauseDurations[0].TotalMilliseconds:0} ms");
    }

    // Waits for the count to pass `from`, then times it to `from + expected`: from the first output to the last.
    // With a CPU clock, also what the drain cost per signal in this process and in redis-server (less noisy than
    // the rate on two shared cores: it does not depend on who else got the CPU meanwhile).
    // `settle`, awaited once the count is reached and timed with the drain: the work still owed for it (the engine's
    // buffered state, written by its committer within the flush interval, is flushed here so its cost is counted).
    internal static async Task<(double Rate, CpuPerSignal Cpu)> Drain(Func<long> done, long from, int expected, Func<(TimeSpan Process, TimeSpan Redis)>? cpu = null, Func<Task>? settle = null)
    {
        var waited = Stopwatch.StartNew();
        while (done() <= from && waited.Elapsed < TimeSpan.FromSeconds(60))
        {
            await Task.Delay(1);
        }

        var first = done();
        var before = cpu?.Invoke() ?? default;
        var clock = Stopwatch.StartNew();
        while (done() < from + expected && waited.Elapsed < TimeSpan.FromMinutes(5))
        {
            await Task.Delay(5);
        }

        if (done() < from + expected)
        {
            // The mock broker keeps about 5 MiB (some 20,000 city signals) per partition and silently drops older
            // batches: a backlog produced faster than it drains loses signals, and a rate over the part that
            // arrived would be a wrong figure, not a slow one.
            throw new HarnessException($"drain incomplete: {done() - from:N0} of {expected:N0} signals came through in {waited.Elapsed.TotalSeconds:N0} s; with the embedded mock broker keep --backlog at most about 20,000 per partition ({Partitions} partitions here), as it drops older records past ~5 MiB per partition");
        }

        var count = done() - first;
        if (settle is not null)
        {
            await settle();
        }

        var rate = count / clock.Elapsed.TotalSeconds;
        if (cpu is null)
        {
            return (rate, default);
        }

        var after = cpu();
        var perSignal = (double)Math.Max(1, count);
        return (rate, new CpuPerSignal((after.Process - before.Process).TotalMicroseconds / perSignal, (after.Redis - before.Redis).TotalMicroseconds / perSignal));
    }

    private static readonly ConcurrentDictionary<string, Lazy<Counter>> Counters = new();

    private static long CountRead(string bootstrap, string topic, int expected) =>
        Counters.GetOrAdd(topic, t => new Lazy<Counter>(() => new Counter(bootstrap, t))).Value.Count;

    private static void WriteCsv(string path, List<(int Rate, string Pipe, LatencyHistogram Latency)> rows)
    {
        var sb = new StringBuilder("pipe,offered_per_s,samples,p50_ms,p90_ms,p99_ms,p999_ms\n");
        foreach (var (rate, pipe, l) in rows)
        {
            sb.Append(CultureInfo.InvariantCulture, $"{pipe},{rate},{l.Count},{l.PercentileMs(50):0.000},{l.PercentileMs(90):0.000},{l.PercentileMs(99):0.000},{l.PercentileMs(99.9):0.000}\n");
        }

        File.WriteAllText(path, sb.ToString());
    }

    private static void WriteSvg(string path, List<(int Rate, string Pipe, LatencyHistogram Latency)> rows)
    {
        const int w = 640, h = 400, m = 60;
        var maxRate = rows.Max(r => r.Rate) * 1.1;
        var maxMs = Math.Max(1, rows.Max(r => r.Latency.PercentileMs(99))) * 1.1;
        string X(double rate) => (m + (rate / maxRate * (w - (2 * m)))).ToString("0.0", CultureInfo.InvariantCulture);
        string Y(double ms) => (h - m - (ms / maxMs * (h - (2 * m)))).ToString("0.0", CultureInfo.InvariantCulture);
        var sb = new StringBuilder($"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{m}\" y1=\"{h - m}\" x2=\"{w - m}\" y2=\"{h - m}\" stroke=\"black\"/><line x1=\"{m}\" y1=\"{m}\" x2=\"{m}\" y2=\"{h - m}\" stroke=\"black\"/>\n");
        sb.Append(CultureInfo.InvariantCulture, $"<text x=\"{w / 2}\" y=\"{h - 20}\" text-anchor=\"middle\">offered signals/s (max {maxRate / 1.1:0})</text><text x=\"15\" y=\"{h / 2}\" transform=\"rotate(-90 15 {h / 2})\" text-anchor=\"middle\">latency ms (max {maxMs / 1.1:0.0})</text>\n");
        var styles = new Dictionary<string, string> { ["bare:50"] = "#888", ["bare:99"] = "#888", ["momentary:50"] = "#c33", ["momentary:99"] = "#c33" };
        var legendY = m;
        foreach (var pipe in new[] { "bare", "momentary" })
        {
            foreach (var p in new[] { 50, 99 })
            {
                var points = string.Join(" ", rows.Where(r => r.Pipe == pipe).Select(r => $"{X(r.Rate)},{Y(r.Latency.PercentileMs(p))}"));
                var dash = p == 99 ? " stroke-dasharray=\"6 4\"" : string.Empty;
                sb.Append(CultureInfo.InvariantCulture, $"<polyline fill=\"none\" stroke=\"{styles[$"{pipe}:{p}"]}\" stroke-width=\"2\"{dash} points=\"{points}\"/>\n");
                sb.Append(CultureInfo.InvariantCulture, $"<line x1=\"{w - 190}\" y1=\"{legendY}\" x2=\"{w - 160}\" y2=\"{legendY}\" stroke=\"{styles[$"{pipe}:{p}"]}\" stroke-width=\"2\"{dash}/><text x=\"{w - 155}\" y=\"{legendY + 4}\">{pipe} p{p}</text>\n");
                legendY += 18;
            }
        }

        sb.Append("</svg>\n");
        File.WriteAllText(path, sb.ToString());
    }

    /// <summary>Counts records arriving on a topic (from its start) on a background thread.</summary>
    private sealed class Counter
    {
        private long _count;

        public Counter(string bootstrap, string topic)
        {
            var thread = new Thread(() =>
            {
                using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "count-" + Guid.NewGuid().ToString("N"), AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false, FetchWaitMaxMs = 1 }).SetLogHandler((_, _) => { }).Build();
                consumer.Subscribe(topic);
                while (true)
                {
                    if (consumer.Consume(TimeSpan.FromMilliseconds(100))?.Message is not null)
                    {
                        Interlocked.Increment(ref _count);
                    }
                }
            }) { IsBackground = true };
            thread.Start();
        }

        public long Count => Interlocked.Read(ref _count);
    }
}
