using Momentary.LoadTests;

// momentary-load: the city-scale load harness (docs/performance.md).
//   generate --out DIR [--customers N] [--venues M] [--seed S]   writes venues.geojson, context.ndjson, signals.ndjson
var options = Args.Parse(args);
try
{
    return await RunAsync(options);
}
catch (Momentary.LoadTests.Harness.HarnessException ex)
{
    Console.Error.WriteLine($"momentary-load: {ex.Message}");
    return 1;
}

static async Task<int> RunAsync(Args options)
{
    switch (options.Command)
    {
        case "generate":
            return Generate.Run(options);
        case "run":
            return await Momentary.LoadTests.Harness.LoadRun.RunAsync(options);
        case "passthrough":
            return await Momentary.LoadTests.PassThrough.PassThroughBench.RunAsync(options);
        case "peers":
            return await Momentary.LoadTests.Peers.PeersRun.RunAsync(options);
        case "soak":
            return await Momentary.LoadTests.Harness.Soak.RunAsync(options);
        case "processor-bench":
            return await Momentary.LoadTests.Harness.ProcessorBench.RunAsync(options);
        case "state-codec-bench":
            return await Momentary.LoadTests.Harness.StateCodecBench.RunAsync(options);
        case "redis-bench":
            return await Momentary.LoadTests.Redis.RedisBench.RunAsync(options);
        default:
            Console.Error.WriteLine("usage: momentary-load run [--quick] [--throughput-only] [--customers N] [--venues M] [--backlog B] [--seconds S] [--out DIR] | generate --out DIR [--customers N] [--venues M] [--seed S] [--signals K] | soak [--minutes M] [--rate R] | processor-bench [--signals N] [--in-flight K] | state-codec-bench [--signals N] [--rounds R] | redis-bench [--ops N] | passthrough [--messages N] [--rate R] [--seconds S] | peers [--quick] [--only plain|streamiz]");
            return 2;
    }
}
