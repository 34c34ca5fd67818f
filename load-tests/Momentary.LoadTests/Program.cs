using Momentary.LoadTests;

// momentary-load: the city-scale load harness (docs/performance.md).
//   generate --out DIR [--customers N] [--venues M] [--seed S]   writes venues.geojson, context.ndjson, signals.ndjson
var options = Args.Parse(args);
switch (options.Command)
{
    case "generate":
        return Generate.Run(options);
    case "passthrough":
        return await Momentary.LoadTests.PassThrough.PassThroughBench.RunAsync(options);
    case "redis-bench":
        return await Momentary.LoadTests.Redis.RedisBench.RunAsync(options);
    default:
        Console.Error.WriteLine("usage: momentary-load generate --out DIR [--customers N] [--venues M] [--seed S] [--signals K] | redis-bench [--ops N] | passthrough [--messages N] [--rate R] [--seconds S]");
        return 2;
}
