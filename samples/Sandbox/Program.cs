using Momentary.Core.Messaging;
using Momentary.Kafka.Embedded;
using Momentary.Samples;
using Momentary.Samples.Sandbox;
using Momentary.Samples.SignalProducer;

// dotnet run --project samples/Sandbox
// An embedded Kafka-protocol cluster (librdkafka's mock brokers) and the engine with the demo mall; loads Jane's friends,
// sends Jane's signals through the sample producer, then runs until Ctrl-C for the sample consumer to read her offer.
using var stop = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; stop.Cancel(); };
var data = Path.Combine(AppContext.BaseDirectory, "data");

using var cluster = MockKafkaCluster.Start(brokers: 3);
cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
var topics = new SandboxTopics();
foreach (var topic in topics.All)
{
    cluster.CreateTopic(topic, partitions: 4);
}

await File.WriteAllTextAsync(Bootstrap.SandboxFile, cluster.BootstrapServers);
Console.WriteLine($"kafka     embedded, {cluster.BootstrapServers} (written to {Bootstrap.SandboxFile})");
try
{
    using var events = new EngineEvents(Console.Out);
    await using var world = await SandboxWorld.StartAsync(cluster.BootstrapServers, topics, Path.Combine(data, "jane-context.ndjson"), "momentary-sandbox", stop.Token);
    Console.WriteLine($"engine    running: demo mall and rules, {TopicNames.Signals.Count} signal topics, customers from jane-context.ndjson");
    await new SignalFileProducer(cluster.BootstrapServers, topics.Signals, TimeProvider.System, Console.Out).ProduceAsync(Path.Combine(data, "jane-signals.ndjson"), stop.Token);
    Console.WriteLine("ready     now run the consumer: dotnet run --project samples/OfferConsumer -- --tap   (Ctrl-C here stops the sandbox)");
    await Task.Delay(Timeout.InfiniteTimeSpan, stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
    Console.WriteLine($"stopping  {world.Processor.Processed} record(s) processed");
}
finally
{
    File.Delete(Bootstrap.SandboxFile);
}

return 0;
