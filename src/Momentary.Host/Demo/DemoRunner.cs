using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Confluent.Kafka;
using Momentary.Core.Context;
using Momentary.Core.Messaging;
using Momentary.Core.Offers;
using Momentary.Core.Rules;
using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;
using Momentary.Host.Engine;
using Momentary.Kafka.Embedded;
using Momentary.Pipeline.Processing;

namespace Momentary.Host.Demo;

/// <summary>
/// <c>momentary demo</c>: an embedded Kafka-protocol cluster (librdkafka's mock brokers, real wire protocol on
/// loopback), the in-memory store (or Redis with <c>--redis</c>), the demo mall, and Jane's walk played as
/// signals through Kafka. Each offer is printed as it is read back from the offer topic, with its end-to-end
/// latency. Exits 0 when exactly the expected offers arrived.
/// </summary>
internal sealed class DemoRunner(TextWriter output, TimeProvider time)
{
    private static readonly TimeSpan WaitLimit = TimeSpan.FromSeconds(30);

    /// <summary>Runs the demo; returns the process exit code.</summary>
    public async Task<int> RunAsync(ICustomerContextStore store, string storeName, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(store);
        var baseDir = Path.Combine(AppContext.BaseDirectory, "Demo");
        var catalog = VenueCatalog.Load(Path.Combine(baseDir, "mall.geojson"));
        var rules = RuleBookLoader.Load(Path.Combine(baseDir, "demo-rules.yaml"), catalog.Venues);
        var runId = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        output.WriteLine("Momentary demo: Jane's walk through Riverside Mall");
        output.WriteLine($"  venues    {catalog.Venues.Count} from Demo/mall.geojson; rules {rules.RuleIds.Count} from Demo/demo-rules.yaml");
        output.WriteLine($"  store     {storeName}");

        using var cluster = MockKafkaCluster.Start(brokers: 3);
        cluster.SetGroupInitialRebalanceDelay(TimeSpan.Zero);
        foreach (var topic in TopicNames.All)
        {
            cluster.CreateTopic(topic, partitions: 4);
        }

        output.WriteLine($"  kafka     embedded mock cluster, 3 brokers at {cluster.BootstrapServers}");

        foreach (var person in DemoScenario.Walkers)
        {
            await store.EraseCustomerAsync(person.CustomerId, ct).ConfigureAwait(false);
        }

        await DemoScenario.SeedAsync(store, time.GetUtcNow(), ct).ConfigureAwait(false);
        output.WriteLine("  seeded    jane, sam, tom and friends amy, ben, cleo (Aurora 2, 5, 9 days ago), dan (20 days ago)");
        output.WriteLine();

        var pipeline = new PipelineSettings();
        var processor = new SignalProcessor(store, () => rules, new Geofencer(FenceIndex.Build(catalog), new GeofenceSettings()), time, pipeline);
        var engine = MomentaryEngine.Start(EngineSettingsFactory.Embedded(cluster.BootstrapServers, "momentary-demo", TopicNames.Signals, pipeline), processor);
        await using var engineScope = engine.ConfigureAwait(false);

        var sentAt = new ConcurrentDictionary<string, long>(StringComparer.Ordinal);
        var offers = new ConcurrentQueue<(Offer Offer, double LatencyMs)>();
        using var readerStop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var reader = Task.Run(() => ReadOffers(cluster.BootstrapServers, TopicNames.Offers, sentAt, offers, readerStop.Token), CancellationToken.None);

        using var producer = new ProducerBuilder<string, byte[]>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, LingerMs = 0, EnableIdempotence = true }).Build();
        var expectedSignals = 0L;
        foreach (var person in DemoScenario.Walkers)
        {
            output.WriteLine($"walking   {person.CustomerId,-5} ({person.Why})");
            foreach (var ping in DemoScenario.Walk(person.CustomerId, time.GetUtcNow()))
            {
                var signal = ping with { Id = $"{ping.Id}-{runId}", Timestamp = time.GetUtcNow() };
                sentAt[signal.Id] = Stopwatch.GetTimestamp();
                await producer.ProduceAsync(TopicNames.Location, new Message<string, byte[]> { Key = signal.CustomerId, Value = SignalCodec.Encode(signal) }, ct).ConfigureAwait(false);
                expectedSignals++;
            }

            // One walker at a time, so each walker's latency is its own and not the queue behind another's.
            if (!await WaitUntilAsync(() => processor.Processed >= expectedSignals, time, ct).ConfigureAwait(false))
            {
                output.WriteLine($"error: the pipeline processed {processor.Processed} of {expectedSignals} signals within {WaitLimit.TotalSeconds:0} s");
                return 1;
            }
        }

        var expectedOffers = DemoScenario.Walkers.Count(p => p.ExpectOffer);
        await WaitUntilAsync(() => offers.Count >= expectedOffers, time, ct).ConfigureAwait(false);

        await engine.StopAsync(ct).ConfigureAwait(false);
        await readerStop.CancelAsync().ConfigureAwait(false);
        await reader.ConfigureAwait(false);

        output.WriteLine();
        foreach (var (offer, latency) in offers)
        {
            output.WriteLine($"OFFER     {offer.CustomerId}: \"{offer.Message}\"");
            output.WriteLine($"          rule {offer.RuleId}, venue {offer.VenueId}, offerId {offer.OfferId}");
            output.WriteLine($"          valid until {offer.ExpiresAt:HH:mm:ss}Z (issued {offer.IssuedAt:HH:mm:ss}Z)");
            output.WriteLine($"          why: {offer.Explanation.Summary} [{string.Join(", ", offer.Explanation.Facts.Select(f => f.Requirement is null ? $"{f.Name}={f.Value}" : $"{f.Name}={f.Value} ({f.Requirement})"))}]");
            output.WriteLine($"          end-to-end latency {latency.ToString("0.00", CultureInfo.InvariantCulture)} ms (signal produced -> offer consumed)");
        }

        var got = offers.Select(o => o.Offer.CustomerId).ToHashSet(StringComparer.Ordinal);
        var ok = offers.Count == expectedOffers && DemoScenario.Walkers.All(p => p.ExpectOffer == got.Contains(p.CustomerId));
        output.WriteLine();
        output.WriteLine($"{processor.Processed} signals processed, {offers.Count} offer(s) read back from {TopicNames.Offers}.");
        foreach (var person in DemoScenario.Walkers.Where(p => !p.ExpectOffer))
        {
            output.WriteLine($"no offer for {person.CustomerId}: {person.Why} {(got.Contains(person.CustomerId) ? "- UNEXPECTED OFFER" : "- as expected")}");
        }

        output.WriteLine(ok ? "demo: OK" : "demo: FAILED - the offers read back differ from the expected ones");
        return ok ? 0 : 1;
    }

    private static async Task<bool> WaitUntilAsync(Func<bool> condition, TimeProvider time, CancellationToken ct)
    {
        var waited = Stopwatch.StartNew();
        while (!condition())
        {
            if (waited.Elapsed > WaitLimit)
            {
                return false;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(2), time, ct).ConfigureAwait(false);
        }

        return true;
    }

    private static void ReadOffers(string bootstrap, string topic, ConcurrentDictionary<string, long> sentAt, ConcurrentQueue<(Offer, double)> offers, CancellationToken ct)
    {
        var config = new ConsumerConfig
        {
            BootstrapServers = bootstrap,
            GroupId = "momentary-demo-reader-" + Guid.NewGuid().ToString("N"),
            AutoOffsetReset = AutoOffsetReset.Earliest,
            EnableAutoCommit = false,
            FetchWaitMaxMs = 1,
        };
        using var consumer = new ConsumerBuilder<string, byte[]>(config).Build();
        consumer.Subscribe(topic);
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var result = consumer.Consume(TimeSpan.FromMilliseconds(50));
                if (result?.Message is null)
                {
                    continue;
                }

                var consumedAt = Stopwatch.GetTimestamp();
                var offer = OfferCodec.Decode(result.Message.Value);
                var latency = sentAt.TryGetValue(offer.SignalId, out var sent) ? Stopwatch.GetElapsedTime(sent, consumedAt).TotalMilliseconds : double.NaN;
                offers.Enqueue((offer, latency));
            }
        }
        finally
        {
            consumer.Close();
        }
    }
}
