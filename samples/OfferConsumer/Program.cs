using Confluent.Kafka;
using Momentary.Samples;
using Momentary.Samples.OfferConsumer;

// dotnet run --project samples/OfferConsumer -- [--bootstrap host:port] [--group name] [--tap]
//   --tap: the console "customer" taps every offer pushed, which sends its redemption.
var tap = args.Contains("--tap");
var settings = new OfferConsumerSettings { BootstrapServers = Arg("--bootstrap") ?? Bootstrap.Default(), GroupId = Arg("--group") ?? "momentary-sample-push" };
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
using var term = System.Runtime.InteropServices.PosixSignalRegistration.Create(System.Runtime.InteropServices.PosixSignal.SIGTERM, c => { c.Cancel = true; stop.Cancel(); });

using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = settings.BootstrapServers, EnableIdempotence = true }).Build();
var redeemer = new Redeemer(producer, settings.RedemptionTopic, TimeProvider.System, Console.Out);
var push = new ConsolePushSender(Console.Out, tap ? redeemer.RedeemAsync : null);
Console.WriteLine($"reading {settings.OfferTopic} at {settings.BootstrapServers} as group {settings.GroupId}{(tap ? "; tapping every offer" : "")} (Ctrl-C stops)");
new OfferConsumer(settings, push, TimeProvider.System, Console.Out).Run(stop.Token);
return 0;

string? Arg(string name) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
