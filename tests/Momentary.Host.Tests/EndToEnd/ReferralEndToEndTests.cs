using Microsoft.Extensions.Time.Testing;
using Momentary.Core.Context;
using Momentary.Core.Offers;
using Momentary.Core.Rules;
using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;
using Momentary.Host.Engine;
using Momentary.Host.Tests.Support;
using Momentary.Pipeline.Processing;
using Momentary.Testing;
using Momentary.Testing.Kafka;
using Momentary.Testing.Redis;
using Momentary.Testing.Traits;

namespace Momentary.Host.Tests.EndToEnd;

/// <summary>
/// The referrer rewarded, through Kafka and Redis: jane shares, amy buys through jane's code (amy's task credits jane),
/// the engine writes jane's referral-credit signal to the commerce topic, and jane's own task sends her the notice with
/// her earnings; her statement lists the purchase.
/// </summary>
[Collection(RedisServerCollection.Name)]
[Trait(Needs.Trait, Needs.Redis)]
[Trait(Needs.Trait, Needs.Kafka)]
public sealed class ReferralEndToEndTests(RedisServerFixture redis, KafkaTestCluster cluster) : IClassFixture<KafkaTestCluster>
{
    private const int Partitions = 4;
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);

    private const string Rules = """
        version: 1
        rules:
          - id: share-and-earn
            trigger: { share: { rewardPercent: 5 } }
            offer: { message: "Share code {referralCode}", validFor: 30d, category: referral }
          - id: referral-thanks
            trigger: { referralCredit: {} }
            offer: { message: "you earned {credited} ({earnings} this month)", validFor: 7d, category: referral }
        """;

    [Fact]
    public async Task PurchaseThroughASharersCode_ReachesTheSharersTask_AndSendsHerTheNoticeWithHerEarnings()
    {
        var social = KafkaTestCluster.UniqueName("ref-social");
        var commerce = KafkaTestCluster.UniqueName("ref-commerce");
        var pipeline = new PipelineSettings { OfferTopic = KafkaTestCluster.UniqueName("ref-offers"), DeadLetterTopic = KafkaTestCluster.UniqueName("ref-dlq"), ControlTopic = KafkaTestCluster.UniqueName("ref-control"), ReferralCreditTopic = commerce };
        foreach (var topic in new[] { social, commerce, pipeline.OfferTopic, pipeline.DeadLetterTopic, pipeline.ControlTopic })
        {
            cluster.CreateTopic(topic, Partitions);
        }

        var store = redis.CreateStore($"t{Guid.NewGuid():N}:");
        foreach (var customer in new[] { "jane", "amy" })
        {
            await store.UpsertProfileAsync(new CustomerProfile { CustomerId = customer, Consent = new Dictionary<string, bool> { ["offers"] = true } });
        }

        var catalog = VenueCatalog.Load(RepoFiles.Path("src", "Momentary.Host", "Demo", "mall.geojson"));
        var book = RuleBookLoader.Parse(Rules, "referrals.yaml", catalog.Venues);
        var processor = new SignalProcessor(store, () => book, new Geofencer(FenceIndex.Build(catalog), new GeofenceSettings()), new FakeTimeProvider(Now), pipeline) { RecordMetrics = false };
        await using var engine = MomentaryEngine.Start(EngineSettingsFactory.Embedded(cluster.BootstrapServers, KafkaTestCluster.UniqueName("ref-group"), [social, commerce], pipeline), processor);

        // The link exists once jane's share offer is issued; only then can amy's purchase credit her.
        cluster.Produce(social, [("jane", SignalCodec.Encode(new SocialEvent { Id = "share-1", CustomerId = "jane", Timestamp = Now.AddMinutes(-3), Action = SocialAction.Share, PurchaseId = "p-1" }))]);
        var share = OfferCodec.Decode(Assert.Single(cluster.ReadAll(pipeline.OfferTopic, 1, TimeSpan.FromSeconds(60))).Message.Value);
        Assert.Equal("share-and-earn", share.RuleId);
        cluster.Produce(commerce, [("amy", SignalCodec.Encode(new CommerceEvent { Id = "buy-1", CustomerId = "amy", Timestamp = Now.AddMinutes(-1), Action = CommerceAction.Purchase, Price = 80m, Currency = "EUR", ReferralCode = share.ReferralCode }))]);

        var offers = cluster.ReadAll(pipeline.OfferTopic, 2, TimeSpan.FromSeconds(60)).Select(r => OfferCodec.Decode(r.Message.Value)).ToList();
        var notice = Assert.Single(offers, o => o.RuleId == "referral-thanks");
        Assert.Equal(("jane", "rc-buy-1", "you earned 4.00 EUR (4.00 EUR this month)"), (notice.CustomerId, notice.SignalId, notice.Message));
        Assert.Equal(new OfferEarnings(4.00m, 4.00m, "2026-12", "EUR"), notice.Earnings);
        Assert.Equal([new ReferralEarning("buy-1", "2026-12", 4.00m, Now.AddMinutes(-1))], (await store.LoadReferralStatementAsync("jane")).Credits);
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await engine.StopAsync(stop.Token);
    }
}
