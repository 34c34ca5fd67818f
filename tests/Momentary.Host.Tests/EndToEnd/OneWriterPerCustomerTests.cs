using Momentary.Testing;
using Momentary.Testing.Traits;
using System.Diagnostics;
using System.Text;
using Confluent.Kafka;
using Microsoft.Extensions.Time.Testing;
using Momentary.Core.Context;
using Momentary.Core.Offers;
using Momentary.Core.Rules;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;
using Momentary.Host.Engine;
using Momentary.Pipeline.Processing;
using Momentary.Host.Tests.Support;
using Momentary.Redis.Runtime;
using Momentary.Redis.Store;
using Momentary.Testing.Kafka;
using Momentary.Testing.Redis;

namespace Momentary.Host.Tests.EndToEnd;

/// <summary>
/// One writer per customer: a customer's signals arrive on five topics, and however many engine processes share the
/// work, and however the group rebalances, the customers' final state in Redis is the state one sequential run
/// leaves. Each "process" is a full engine (its own consumer, cache and store connection) in one test process.
/// </summary>
[Collection(RedisServerCollection.Name)]
[Trait(Needs.Trait, Needs.Redis)]
[Trait(Needs.Trait, Needs.Kafka)]
public sealed class OneWriterPerCustomerTests(RedisServerFixture redis, KafkaTestCluster cluster) : IClassFixture<KafkaTestCluster>
{
    private const int Partitions = 4;
    private static readonly string RulesFile = RepoFiles.Path("docs", "examples", "jane", "rules.yaml");
    private static readonly string VenuesFile = RepoFiles.Path("src", "Momentary.Host", "Demo", "mall.geojson");

    [Fact]
    public async Task OneProcess_SignalsOfEachCustomerOnFiveTopics_EndInTheStateOfASequentialRun()
    {
        var story = new FiveTopicStory("one", customers: 24, signalsEach: 40);
        var run = await Prepare(story);

        await using (var engine = await run.StartAsync())
        {
            await run.UntilAllCommittedAsync(TimeSpan.FromMinutes(2));
            await engine.StopAsync();
        }

        await run.AssertSameAsReferenceAsync();
    }

    [Fact]
    public async Task ThreeProcessesWithRebalances_SignalsOfEachCustomerOnFiveTopics_EndInTheStateOfASequentialRun()
    {
        var story = new FiveTopicStory("three", customers: 24, signalsEach: 40);
        var run = await Prepare(story);

        var first = await run.StartAsync();
        await run.UntilCommittedAsync(0.2, TimeSpan.FromMinutes(1));
        var second = await run.StartAsync(); // rebalance: tasks move while work is in flight
        await run.UntilCommittedAsync(0.4, TimeSpan.FromMinutes(1));
        var third = await run.StartAsync();
        await run.UntilCommittedAsync(0.6, TimeSpan.FromMinutes(1));
        await first.StopAsync(); // and one leaves mid-stream
        await first.DisposeAsync();
        await run.UntilAllCommittedAsync(TimeSpan.FromMinutes(2));
        await second.StopAsync();
        await third.StopAsync();
        await second.DisposeAsync();
        await third.DisposeAsync();

        await run.AssertSameAsReferenceAsync();
    }

    private async Task<Run> Prepare(FiveTopicStory story)
    {
        foreach (var topic in story.Topics)
        {
            cluster.CreateTopic(topic, Partitions);
        }

        var pipeline = new PipelineSettings
        {
            OfferTopic = KafkaTestCluster.UniqueName("offers"),
            DeadLetterTopic = KafkaTestCluster.UniqueName("dlq"),
            ControlTopic = KafkaTestCluster.UniqueName("control"),
            ParallelismPerPartition = 16,
        };
        foreach (var topic in new[] { pipeline.OfferTopic, pipeline.DeadLetterTopic, pipeline.ControlTopic })
        {
            cluster.CreateTopic(topic, Partitions);
        }

        var run = new Run(redis, cluster, story, pipeline);
        await run.PrepareAsync();
        return run;
    }

    private sealed class Run(RedisServerFixture redis, KafkaTestCluster cluster, FiveTopicStory story, PipelineSettings pipeline)
    {
        private readonly string _prefix = $"t{Guid.NewGuid():N}:";
        private readonly string _referencePrefix = $"r{Guid.NewGuid():N}:";
        private readonly string _group = KafkaTestCluster.UniqueName("group");
        private readonly VenueCatalog _catalog = VenueCatalog.Load(VenuesFile);
        private readonly FakeTimeProvider _time = new(FiveTopicStory.Now);
        private RuleBook? _rules;
        private HashSet<string> _referenceOffers = [];
        private Dictionary<TopicPartition, long> _ends = [];

        private RuleBook Rules => _rules ??= RuleBookLoader.Load(RulesFile, _catalog.Venues);

        private long Total => _ends.Values.Sum();

        public async Task PrepareAsync()
        {
            var reference = redis.CreateStore(_referencePrefix);
            await story.SeedAsync(reference);
            _referenceOffers = await story.RunSequentiallyAsync(Processor(reference));
            await story.SeedAsync(redis.CreateStore(_prefix));
            _ends = cluster.ProduceTimed(story.Records); // a backlog on all five topics before any engine starts
        }

        /// <summary>An engine wired as <c>momentary run</c> wires it (its own connection, the task-affine cache in front of the retrying store).</summary>
        public Task<MomentaryEngineHandle> StartAsync()
        {
            var store = RedisContextRuntime.Connect(new RedisRuntimeSettings { Store = new RedisStoreSettings { Configuration = redis.Server.Configuration, KeyPrefix = _prefix }, Cache = new CachingContextStoreSettings() }, TimeProvider.System);
            var embedded = EngineSettingsFactory.Embedded(cluster.BootstrapServers, _group, story.Topics, pipeline);
            var settings = embedded with { Consumer = embedded.Consumer with { SessionTimeout = cluster.SessionTimeout, AssignmentChanged = store.TasksChanged } };
            return Task.FromResult(new MomentaryEngineHandle(MomentaryEngine.Start(settings, Processor(store.Store)), store));
        }

        public Task UntilAllCommittedAsync(TimeSpan timeout) => UntilCommittedAsync(1.0, timeout);

        public async Task UntilCommittedAsync(double share, TimeSpan timeout)
        {
            var waited = Stopwatch.StartNew();
            while (Committed() < share * Total)
            {
                Assert.True(waited.Elapsed < timeout, $"{Committed()} of {Total} signals committed after {timeout}");
                await Task.Delay(50);
            }
        }

        public async Task AssertSameAsReferenceAsync()
        {
            var db = redis.Connection.GetDatabase();
            var differing = new List<string>();
            foreach (var customer in story.Customers)
            {
                var expected = await db.StringGetAsync($"{_referencePrefix}{{{customer}}}:state");
                var actual = await db.StringGetAsync($"{_prefix}{{{customer}}}:state");
                var e = expected.IsNull ? "" : Encoding.UTF8.GetString(CustomerStateCodec.EncodeJson(CustomerStateCodec.Decode((byte[])expected!)));
                var a = actual.IsNull ? "" : Encoding.UTF8.GetString(CustomerStateCodec.EncodeJson(CustomerStateCodec.Decode((byte[])actual!)));
                if (e != a)
                {
                    differing.Add($"{customer}:\n  expected {e}\n  actual   {a}");
                }
            }

            Assert.True(differing.Count == 0, $"{differing.Count} of {story.Customers.Count} customers differ from the sequential run:\n" + string.Join("\n", differing.Take(3)));
            var offers = cluster.ReadAll(pipeline.OfferTopic, _referenceOffers.Count, TimeSpan.FromSeconds(30))
                .Select(r => OfferCodec.Decode(r.Message.Value).OfferId).ToHashSet(StringComparer.Ordinal);
            Assert.NotEmpty(_referenceOffers);
            Assert.Equal(_referenceOffers.Order(StringComparer.Ordinal), offers.Order(StringComparer.Ordinal)); // replays may repeat an offer id, never add or lose one
        }

        private long Committed()
        {
            long sum = 0;
            foreach (var topic in story.Topics)
            {
                foreach (var (partition, offset) in cluster.Committed(_group, topic, Partitions))
                {
                    sum += Math.Min(Math.Max(offset, 0), _ends.GetValueOrDefault(new TopicPartition(topic, partition)));
                }
            }

            return sum;
        }

        private SignalProcessor Processor(ICustomerContextStore store) =>
            new(store, () => Rules, new Geofencer(FenceIndex.Build(_catalog), new GeofenceSettings()), _time, pipeline) { RecordMetrics = false };
    }

    /// <summary>An engine and the cache it was given, stopped and disposed together.</summary>
    private sealed class MomentaryEngineHandle(MomentaryEngine engine, RedisContextRuntime store) : IAsyncDisposable
    {
        public async Task StopAsync()
        {
            // The budget `momentary run` gives its own shutdown (HostOptions.ShutdownTimeout, 60 s): a stop that meets a
            // rebalance waits for each revocation's drain (up to 10 s) and for the consumer to leave the group.
            using var bound = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await engine.StopAsync(bound.Token);
        }

        public async ValueTask DisposeAsync()
        {
            await engine.DisposeAsync();
            store.Dispose();
        }
    }
}
