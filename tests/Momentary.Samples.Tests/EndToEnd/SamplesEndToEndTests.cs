using Momentary.Testing.Traits;
using System.Collections.Concurrent;
using Confluent.Kafka;
using Momentary.Core.Context;
using Momentary.Core.Offers;
using Momentary.Samples.OfferConsumer;
using Momentary.Samples.Sandbox;
using Momentary.Samples.SignalProducer;
using Momentary.Testing;
using Momentary.Testing.Kafka;
using Xunit.Abstractions;
using SampleConsumer = Momentary.Samples.OfferConsumer.OfferConsumer;

namespace Momentary.Samples.Tests.EndToEnd;

/// <summary>
/// The samples against a Kafka cluster (librdkafka's mock unless MOMENTARY_KAFKA_BOOTSTRAP names a broker) and the engine
/// in-process, as samples/README.md runs them: the producer sends Jane's recording, the engine issues her offer, the
/// consumer pushes it once however often it is delivered, and her tap's redemption is counted by the engine.
/// </summary>
[Trait(Needs.Trait, Needs.Kafka)]
public sealed class SamplesEndToEndTests(KafkaTestCluster cluster, ITestOutputHelper output) : IClassFixture<KafkaTestCluster>
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task JaneRecording_ThroughTheEngine_HerOfferIsPushedOnceEvenReplayedAndHerTapReachesTheEngine()
    {
        var topics = CreateTopics("jane");
        var text = new StringWriter();
        var log = TextWriter.Synchronized(text);
        await using var world = await SandboxWorld.StartAsync(cluster.BootstrapServers, topics, Data("jane-context.ndjson"), KafkaTestCluster.UniqueName("engine"), CancellationToken.None);
        using var producer = new ProducerBuilder<string, string>(new ProducerConfig { BootstrapServers = cluster.BootstrapServers, EnableIdempotence = true }).Build();
        var settings = Settings(topics.Offers) with { RedemptionTopic = topics.Signals.Redemptions };
        var redeemer = new Redeemer(producer, settings.RedemptionTopic, TimeProvider.System, log);
        var consumer = new SampleConsumer(settings, new ConsolePushSender(log, redeemer.RedeemAsync), TimeProvider.System, log);
        using var stop = new CancellationTokenSource();
        var consuming = Task.Run(() => consumer.Run(stop.Token));

        var sent = await new SignalFileProducer(cluster.BootstrapServers, topics.Signals, TimeProvider.System, log) { MaxGap = TimeSpan.FromMilliseconds(50) }
            .ProduceAsync(Data("jane-signals.ndjson"), CancellationToken.None);
        Assert.True(await Eventually.TrueAsync(() => consumer.Pushed == 1, Limit), text.ToString());

        // A replay (a crash between produce and commit re-emits the same bytes): the engine's offer record once more.
        // (The engine may replay it by itself too, after a rebalance: at-least-once. Either way it is the same offer.)
        var offer = Assert.Single(cluster.ReadAll(topics.Offers, 1, Limit));
        var before = consumer.Received;
        cluster.Produce(topics.Offers, [(offer.Message.Key, offer.Message.Value)]);
        Assert.True(await Eventually.TrueAsync(() => consumer.Received > before && consumer.Duplicates >= 1, Limit), text.ToString());

        // The tap's redemption is one more record for the engine, and raises Jane's redemption count.
        Assert.True(await Eventually.TrueAsync(() => world.Processor.Processed >= sent + 1, Limit), $"processed {world.Processor.Processed} of {sent + 1}\n{text}");
        Assert.True(await Eventually.TrueAsync(async () => await RedeemedAsync(world.Store, "jane") > 0, Limit), text.ToString());
        await stop.CancelAsync();
        await consuming;

        var delivered = cluster.ReadAll(topics.Offers, (int)consumer.Received, TimeSpan.FromSeconds(10));
        output.WriteLine(text.ToString());
        output.WriteLine($"offer records in the topic: {delivered.Count} (1 replayed by the test); read by the consumer: {consumer.Received}; pushed: {consumer.Pushed}; duplicates dropped: {consumer.Duplicates}; engine processed: {world.Processor.Processed} record(s) for {sent} signal(s) + 1 redemption");
        Assert.Equal((1L, consumer.Received - 1, 0L, 0L), (consumer.Pushed, consumer.Duplicates, consumer.Expired, consumer.Unreadable));
        Assert.All(delivered, r => Assert.Equal(offer.Message.Value, r.Message.Value));
        Assert.Equal("jane", OfferCodec.Decode(offer.Message.Value).CustomerId);
        Assert.Single(text.ToString().Split('\n'), l => l.StartsWith("PUSH", StringComparison.Ordinal));
    }

    [Fact]
    public async Task OfferConsumer_OfferPastExpiresAt_IsNeverPushed()
    {
        var topic = KafkaTestCluster.UniqueName("expired-offers");
        cluster.CreateTopic(topic, 2);
        var now = DateTimeOffset.UtcNow;
        var expired = Offer("sig-old", issuedAt: now.AddHours(-4), validFor: TimeSpan.FromHours(3));
        var fresh = Offer("sig-new", issuedAt: now, validFor: TimeSpan.FromHours(3));
        var pushed = new RecordingPushSender();
        var consumer = new SampleConsumer(Settings(topic), pushed, TimeProvider.System, TextWriter.Null);
        using var stop = new CancellationTokenSource();
        var consuming = Task.Run(() => consumer.Run(stop.Token));

        // Same key, so the fresh offer follows the expired one in one partition: once it is pushed, the expired one was read.
        cluster.Produce(topic, [("jane", OfferCodec.Encode(expired)), ("jane", OfferCodec.Encode(fresh))]);
        Assert.True(await Eventually.TrueAsync(() => consumer.Received == 2, Limit));
        await stop.CancelAsync();
        await consuming;

        Assert.Equal((1L, 1L), (consumer.Expired, consumer.Pushed));
        Assert.Equal(fresh.OfferId, Assert.Single(pushed.Offers).OfferId);
    }

    private OfferConsumerSettings Settings(string offerTopic) => new()
    {
        BootstrapServers = cluster.BootstrapServers,
        GroupId = KafkaTestCluster.UniqueName("push"),
        OfferTopic = offerTopic,
        SessionTimeoutMs = (int)cluster.SessionTimeout.TotalMilliseconds,
    };

    private SandboxTopics CreateTopics(string name)
    {
        var topics = SandboxTopics.Named(KafkaTestCluster.UniqueName(name));
        foreach (var topic in topics.All)
        {
            cluster.CreateTopic(topic, 2);
        }

        return topics;
    }

    private static async Task<double> RedeemedAsync(ICustomerContextStore store, string customer)
    {
        var context = await store.LoadAsync(new ContextQuery(customer, [], TimeSpan.Zero, DateTimeOffset.UtcNow));
        return context.State.Propensities.Values.Sum(p => p.Redeemed);
    }

    private static Offer Offer(string signalId, DateTimeOffset issuedAt, TimeSpan validFor) => new()
    {
        OfferId = OfferIds.Create("aurora-friends", "jane", signalId),
        CustomerId = "jane",
        RuleId = "aurora-friends",
        Message = "20% off at Aurora, valid 3 hours",
        Discount = Discount.Percent(20),
        IssuedAt = issuedAt,
        ExpiresAt = issuedAt + validFor,
        SignalId = signalId,
        Explanation = new OfferExplanation("enter:aurora", "3 friends visited in 14 days", []),
    };

    private static string Data(string file) => Path.Combine(AppContext.BaseDirectory, "data", file);

    private sealed class RecordingPushSender : IPushSender
    {
        public ConcurrentQueue<OfferMessage> Offers { get; } = new();

        public Task PushAsync(OfferMessage offer, CancellationToken cancellationToken)
        {
            Offers.Enqueue(offer);
            return Task.CompletedTask;
        }
    }
}
