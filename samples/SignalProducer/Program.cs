using Momentary.Samples;
using Momentary.Samples.SignalProducer;

// dotnet run --project samples/SignalProducer -- [FILE.ndjson] [--bootstrap host:port] [--as-recorded]
//   Sends the recording (default: samples/data/jane-signals.ndjson) with its timestamps moved to now, unless --as-recorded.
var file = args.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal) && Array.IndexOf(args, a) is var i && (i == 0 || args[i - 1] != "--bootstrap"))
    ?? Path.Combine(AppContext.BaseDirectory, "data", "jane-signals.ndjson");
var bootstrap = Array.IndexOf(args, "--bootstrap") is var b and >= 0 && b + 1 < args.Length ? args[b + 1] : Bootstrap.Default();
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };

var producer = new SignalFileProducer(bootstrap, new SignalTopics(), TimeProvider.System, Console.Out) { Retime = !args.Contains("--as-recorded") };
var sent = await producer.ProduceAsync(file, stop.Token);
Console.WriteLine($"{sent} signal(s) from {file} acknowledged by {bootstrap}");
return 0;
