using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Confluent.Kafka;
using Momentary.Core.Messaging;
using Momentary.Kafka;
using Momentary.Kafka.Embedded;
using Momentary.LoadTests.Harness;

namespace Momentary.LoadTests.PassThrough;

/// <summary>
/// <c>passthrough</c>: Momentary's Kafka stages alone (partitioned source → producer flow → committer, no
/// processing) beside a bare Confluent.Kafka consume → produce loop, on the same cluster, partitions and client
/// settings, in one run. Throughput drains a backlog; latency is produce → read back at a fixed offered rate.
/// Against the embedded mock unless <c>MOMENTARY_KAFKA_BOOTSTRAP</c> names a real broker.
/// </summary>
internal static class PassThroughBench
{
    private const int Partitions = 6;
    private const int PayloadBytes = 200;

    private static int LaneSize { get; set; } = new KafkaConsumerSettings { BootstrapServers = string.Empty, GroupId = string.Empty }.PartitionBufferSize;

    private static Dictionary<string, string> Extra { get; } = [];

    private static int MaxBatch { get; set; } = new Momentary.Pipeline.Processing.PipelineSettings().ParallelismPerPartition;

    private static int InFlight { get; set; } = new KafkaProducerSettings { BootstrapServers = string.Empty }.MaxInFlightPerPartition;

    public static async Task<int> RunAsync(Args args)
    {
        var backlog = args.Int("messages", 120_000);
        var rate = args.Int("rate", 2_000);
        var seconds = args.Int("seconds", 5);
        var external = Environment.GetEnvironmentVariable("MOMENTARY_KAFKA_BOOTSTRAP");
        using var mock = string.IsNullOrWhiteSpace(external) ? MockKafkaCluster.Start(3) : null;
        mock?.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        var bootstrap = external ?? mock!.BootstrapServers;
        Console.WriteLine($"cluster: {(mock is null ? "external " + bootstrap : "embedded mock, 3 brokers")}; {Partitions} partitions, {PayloadBytes}-byte records");

        // The stages' actor system is the host's, made once when a process starts (~110 ms here), not part of
        // draining: it is made before either pipe's clock starts.
        using var system = ActorSystem.Create("passthrough", "akka.loglevel = WARNING");
        var results = new List<string>();
        var only = args.String("only", string.Empty);
        InFlight = args.Int("in-flight", InFlight);
        LaneSize = args.Int("lane", LaneSize);
        MaxBatch = args.Int("batch", MaxBatch);
        if (args.String("consumer-property", string.Empty) is { Length: > 0 } kv)
        {
            Extra[kv[..kv.IndexOf('=', StringComparison.Ordinal)]] = kv[(kv.IndexOf('=', StringComparison.Ordinal) + 1)..];
        }
        // --rounds N alternates the pipes N times in one process: the mock serves a drain in one of two speeds
        // (single-pipe runs of either pipe went 105-115k or 165-200k msg/s once flowing), so one pair compares
        // whichever speed each pipe drew; the summary gives each pipe's median and best (issue 22, seventh session).
        var rounds = args.Int("rounds", 1);
        var rates = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        for (var round = 0; round < rounds; round++)
        {
            foreach (var (name, pipe) in new (string, Func<string, string, string, CancellationToken, Task>)[] { ("bare Confluent loop", BareLoopAsync), ("Momentary stages", (b, i, o, ct) => StagesAsync(system, b, i, o, ct)) })
            {
                if (only.Length > 0 && !name.Contains(only, StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                var run = Guid.NewGuid().ToString("N")[..8];
                string input = $"pt-in-{run}", output = $"pt-out-{run}";
                mock?.CreateTopic(input, Partitions);
                mock?.CreateTopic(output, Partitions);

                // Throughput: a backlog drained as fast as the pipe can.
                Produce(bootstrap, input, backlog, ratePerSecond: null);
                using var cts = new CancellationTokenSource();
                var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                var pipeTask = pipe(bootstrap, input, output, cts.Token);
                var (read, first) = await Task.Run(() => ReadBack(bootstrap, output, backlog, null, TimeSpan.FromMinutes(3), watch));
                var elapsed = watch.Elapsed;
                var throughput = read / elapsed.TotalSeconds;
                var flowing = (read - 1) / (elapsed - first).TotalSeconds;

                // The process's CPU per message while draining (brokers, reader and pipe alike; the same for both pipes): on a
                // shared machine steadier than the rate, which waits whenever another process holds a core.
                var cpuPerMessage = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMicroseconds / Math.Max(1, read);

                // Latency at a fixed offered rate, on the same running pipe.
                var latency = new LatencyHistogram();
                var offered = rate * seconds;
                var reader = Task.Run(() => ReadBack(bootstrap, output, backlog + offered, latency, TimeSpan.FromSeconds(seconds + 30), Stopwatch.StartNew()));
                await Task.Run(() => Produce(bootstrap, input, offered, rate));
                await reader;
                await cts.CancelAsync();
                await pipeTask;
                var line = string.Create(CultureInfo.InvariantCulture, $"{name,-22} throughput {throughput,9:N0} msg/s  CPU {cpuPerMessage,5:0.0} µs/msg   latency at {rate}/s: {latency.Summary()}   first output after {first.TotalMilliseconds:N0} ms, then {flowing:N0} msg/s");
                Console.WriteLine(line);
                results.Add(line);
                (rates.TryGetValue(name, out var list) ? list : rates[name] = []).Add(throughput);
            }
        }

        Console.WriteLine();
        results.ForEach(Console.WriteLine);
        if (rounds > 1 && rates.Count == 2)
        {
            var (bare, stages) = (rates["bare Confluent loop"], rates["Momentary stages"]);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"passthrough rounds={rounds} stages_median={Median(stages):0} bare_median={Median(bare):0} median_ratio={Median(stages) / Median(bare):0.00} stages_best={stages.Max():0} bare_best={bare.Max():0} best_ratio={stages.Max() / bare.Max():0.00}"));
        }

        await system.Terminate();
        return 0;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    internal static ProducerConfig ProducerConfig(string bootstrap) => new() { BootstrapServers = bootstrap, LingerMs = 0, EnableIdempotence = true, Acks = Acks.All, QueueBufferingMaxMessages = 1_000_000 };

    internal static ConsumerConfig ConsumerConfig(string bootstrap, string group) => new()
    {
        BootstrapServers = bootstrap,
        GroupId = group,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        FetchWaitMaxMs = 1,
        EnableAutoCommit = true,
        EnableAutoOffsetStore = false,
        PartitionAssignmentStrategy = PartitionAssignmentStrategy.CooperativeSticky,
        SessionTimeoutMs = 6000,
    };

    // The baseline: one consumer, one producer, offsets stored when the produce is acknowledged.
    internal static Task BareLoopAsync(string bootstrap, string input, string output, CancellationToken ct) => Task.Factory.StartNew(() =>
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(ConsumerConfig(bootstrap, "bare-" + input)).Build();
        using var producer = new ProducerBuilder<byte[]?, byte[]>(ProducerConfig(bootstrap)).Build();
        consumer.Subscribe(input);
        while (!ct.IsCancellationRequested)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(50));
            if (r?.Message is null)
            {
                continue;
            }

            var position = r.TopicPartitionOffset;
            producer.Produce(output, new Message<byte[]?, byte[]> { Key = r.Message.Key, Value = r.Message.Value }, report =>
            {
                if (report.Error.Code == ErrorCode.NoError)
                {
                    try
                    {
                        consumer.StoreOffset(new TopicPartitionOffset(position.TopicPartition, position.Offset + 1));
                    }
                    catch (KafkaException)
                    {
                    }
                }
            });
        }

        producer.Flush(TimeSpan.FromSeconds(10));
        consumer.Close();
    }, ct, TaskCreationOptions.LongRunning, TaskScheduler.Default);

    private static async Task StagesAsync(ActorSystem system, string bootstrap, string input, string output, CancellationToken ct)
    {
        var consumer = new KafkaConsumerSettings { BootstrapServers = bootstrap, GroupId = "stages-" + input, FetchWaitMaxMs = 1, SessionTimeout = TimeSpan.FromSeconds(6), PartitionBufferSize = LaneSize, Properties = Extra };
        var producerSettings = new KafkaProducerSettings { BootstrapServers = bootstrap, MaxInFlightPerPartition = InFlight };
        using var producer = producerSettings.CreateProducer();
        // As the engine does: a partition's batches (what its buffer held, up to MaxBatch) travel as one element.
        var (control, partitions) = KafkaSource.CommittableTaskBatches(consumer, [input], MaxBatch).PreMaterialize(system.Materializer());
        _ = partitions.MergeMany(Partitions * 2, p => p.Batches
                .Select(b => new ProducerEnvelope<CommittableOffset>(Forward(b.Records, output), b.Offset))
                .Via(KafkaFlows.Produce<CommittableOffset>(producerSettings, producer)))
            .RunWith(KafkaCommitter.Sink(new CommitterSettings()), system.Materializer());
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
        }

        await control.DrainAndShutdownAsync(new CancellationTokenSource(TimeSpan.FromSeconds(10)).Token);
    }

    // The records as they came, to the output topic: the consumed value array itself, as the bare loop passes it on
    // (a copy here would be the harness's cost, not the stages').
    private static OutboundRecord[] Forward(IReadOnlyList<InboundRecord> records, string output)
    {
        var forward = new OutboundRecord[records.Count];
        for (var i = 0; i < forward.Length; i++)
        {
            var value = records[i].Value;
            var bytes = System.Runtime.InteropServices.MemoryMarshal.TryGetArray(value, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length ? segment.Array : value.ToArray();
            forward[i] = new OutboundRecord(output, records[i].Key, bytes, []);
        }

        return forward;
    }

    // Each value carries the Stopwatch timestamp of its production, so read-back latency needs no clock sync.
    private static void Produce(string bootstrap, string topic, int count, int? ratePerSecond)
    {
        using var producer = new ProducerBuilder<byte[]?, byte[]>(ProducerConfig(bootstrap)).Build();
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < count; i++)
        {
            if (ratePerSecond is { } r)
            {
                // Open-loop schedule: send at the intended time; a late sender does not slow the schedule down.
                var due = start + (long)(i * (double)Stopwatch.Frequency / r);
                while (Stopwatch.GetTimestamp() < due)
                {
                    Thread.SpinWait(50);
                }
            }

            var value = new byte[PayloadBytes];
            BinaryPrimitives.WriteInt64LittleEndian(value, ratePerSecond is null ? 0 : Stopwatch.GetTimestamp());
            producer.Produce(topic, new Message<byte[]?, byte[]> { Key = BitConverter.GetBytes(i % 997), Value = value });
        }

        producer.Flush(TimeSpan.FromSeconds(60));
    }

    // Returns how many records were read, and when the first one was (on the pipe's clock).
    private static (int Read, TimeSpan First) ReadBack(string bootstrap, string topic, int expected, LatencyHistogram? latency, TimeSpan timeout, Stopwatch pipeClock)
    {
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            FetchWaitMaxMs = 1,
        }).Build();
        consumer.Subscribe(topic);
        var count = 0;
        var first = TimeSpan.Zero;
        var watch = Stopwatch.StartNew();
        while (count < expected && watch.Elapsed < timeout)
        {
            var r = consumer.Consume(TimeSpan.FromMilliseconds(100));
            if (r?.Message is null)
            {
                continue;
            }

            if (count++ == 0)
            {
                first = pipeClock.Elapsed;
            }

            var sent = BinaryPrimitives.ReadInt64LittleEndian(r.Message.Value);
            if (latency is not null && sent != 0)
            {
                latency.RecordMilliseconds(Stopwatch.GetElapsedTime(sent).TotalMilliseconds);
            }
        }

        consumer.Close();
        return (count, first);
    }
}
