using System.Globalization;
using Momentary.Core.Signals;
using Momentary.LoadTests.Harness;
using Momentary.Pipeline.Processing;

namespace Momentary.LoadTests.Peers;

/// <summary>
/// <c>peers [--quick]</c> (issue 22): Momentary beside the pipelines a .NET team would build instead, on the same
/// cluster, city, rules and records, one after the other in one run: (a) a Streamiz.Kafka.Net topology, (b) the
/// plain consumer loop. Each pipe has its own topics and its own copy of the city's context in Redis (a key prefix),
/// gets the same warm-up records (Momentary's rounds until the JIT settles; the peers exactly as many) and then drains
/// the same backlog; the offer ids each produced are compared. Ends with a <c>peers</c> summary line.
/// </summary>
internal static class PeersRun
{
    public static async Task<int> RunAsync(Args args)
    {
        var quick = args.Flag("quick");
        var customers = args.Int("customers", quick ? 20_000 : 100_000);
        var venues = args.Int("venues", quick ? 2_000 : 10_000);
        var backlog = args.Int("backlog", quick ? 30_000 : 150_000);
        var only = args.String("only", string.Empty);
        Console.WriteLine($"city: {customers:N0} customers, {venues:N0} venues; backlog {backlog:N0} signals");
        using var rig = await LoadRig.StartAsync(customers, venues);
        var start = DateTimeOffset.UtcNow;
        var warmUp = WarmUp.Fresh(rig, start, quick ? 15_000 : 50_000);
        var backlogRecords = Enumerable.Range(0, backlog).Select(i => rig.Generator.Next(start.AddMilliseconds(i))).Select(s => (s.CustomerId, SignalCodec.Encode(s))).ToList();
        var results = new List<(string Pipe, double Rate, CpuPerSignal Cpu, HashSet<string> Offers)>();

        // Momentary first: its warm-up decides how many rounds every pipe gets.
        var mom = Settings(rig, "momentary");
        rig.CreateTopics(mom.In, mom.Pipeline.OfferTopic, mom.Pipeline.DeadLetterTopic, mom.Pipeline.ControlTopic);
        var (engine, processor, cache) = rig.StartEngine(mom.In, mom.Pipeline, stateFlushMs: args.Int("flush-ms", -1));
        var momWarm = await warmUp.RunAsync("Momentary", records => LoadRun.Produce(rig.Producer, mom.In, records), () => processor.Processed);
        var rounds = warmUp.LastRounds;
        LoadRun.Produce(rig.Producer, mom.In, backlogRecords);
        var (momRate, momCpu) = await LoadRun.Drain(() => processor.Processed, momWarm, backlog, rig.CpuTime, () => cache.FlushAsync().AsTask());
        await engine.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(20)).Token);
        await engine.DisposeAsync();
        results.Add(Report("Momentary", momRate, momCpu, rig.Bootstrap, mom.Pipeline.OfferTopic));

        foreach (var (name, run) in new (string, Func<string, string, SignalProcessor, CancellationToken, Task>)[]
        {
            ("plain consumer loop", (bootstrap, topic, p, ct) => PlainConsumerLoop.RunAsync(bootstrap, topic, p, ct)),
            ("Streamiz topology", (bootstrap, topic, p, ct) => StreamizPeer.RunAsync(bootstrap, topic, p, ct)),
        })
        {
            if (only.Length > 0 && !name.Contains(only, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var peer = Settings(rig, name.Split(' ')[0]);
            rig.CreateTopics(peer.In, peer.Pipeline.OfferTopic, peer.Pipeline.DeadLetterTopic, peer.Pipeline.ControlTopic);
            var peerProcessor = rig.Processor(await rig.SeparateStoreAsync($"{peer.Prefix}:"), peer.Pipeline);
            using var stop = new CancellationTokenSource();
            var pipe = run(rig.Bootstrap, peer.In, peerProcessor, stop.Token);
            try
            {
                var warm = await warmUp.RunAsync(name, records => LoadRun.Produce(rig.Producer, peer.In, records), () => peerProcessor.Processed, rounds);
                LoadRun.Produce(rig.Producer, peer.In, backlogRecords);
                var (rate, cpu) = await LoadRun.Drain(() => peerProcessor.Processed, warm, backlog, rig.CpuTime);
                results.Add(Report(name, rate, cpu, rig.Bootstrap, peer.Pipeline.OfferTopic));
            }
            finally
            {
                await stop.CancelAsync();
                await Stopped(name, pipe);
            }
        }

        var identical = results.All(r => r.Offers.SetEquals(results[0].Offers));
        foreach (var (pipe, _, _, offers) in results.Skip(1))
        {
            Console.WriteLine($"{pipe}: {offers.Count:N0} offers, {offers.Except(results[0].Offers).Count()} not issued by Momentary, {results[0].Offers.Except(offers).Count()} of Momentary's missing");
        }

        var line = new System.Text.StringBuilder(string.Create(CultureInfo.InvariantCulture, $"peers momentary_per_s={momRate:0} momentary_cpu_us={momCpu.TotalMicros:0.0}"));
        foreach (var (pipe, rate, cpu, _) in results.Skip(1))
        {
            var key = pipe.Split(' ')[0].ToLowerInvariant();
            line.Append(CultureInfo.InvariantCulture, $" {key}_per_s={rate:0} {key}_cpu_us={cpu.TotalMicros:0.0} momentary_vs_{key}={momRate / rate:0.00}");
        }

        Console.WriteLine(line.Append(CultureInfo.InvariantCulture, $" offers_identical={(identical ? "true" : "false")}").ToString());
        return 0;
    }

    private static (string In, string Prefix, PipelineSettings Pipeline) Settings(LoadRig rig, string pipe)
    {
        var p = $"{pipe.ToLowerInvariant()}-{rig.Run}";
        return ($"{p}-in", p, new PipelineSettings { OfferTopic = $"{p}-offers", DeadLetterTopic = $"{p}-dlq", ControlTopic = $"{p}-control" });
    }

    private static (string, double, CpuPerSignal, HashSet<string>) Report(string pipe, double rate, CpuPerSignal cpu, string bootstrap, string offerTopic)
    {
        var offers = OfferIdReader.ReadAll(bootstrap, offerTopic, TimeSpan.FromSeconds(3));
        Console.WriteLine($"{pipe}: {rate:N0} signals/s; CPU per signal {cpu.Describe()}; {offers.Count:N0} offers");
        return (pipe, rate, cpu, offers);
    }

    private static async Task Stopped(string name, Task pipe)
    {
        try
        {
            await pipe.WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
            Console.Error.WriteLine($"{name}: stopped ({ex.GetType().Name})");
        }
    }
}
