using System.Collections.Concurrent;
using Momentary.Core.Context;
using Momentary.Core.Offers;
using Momentary.Core.Signals;
using Momentary.Host.Demo;
using Momentary.Host.Engine;
using Momentary.Host.Tests.Support;
using Momentary.Pipeline.Processing;
using Momentary.Testing;
using Momentary.Testing.Demo;
using Momentary.Testing.Kafka;
using Momentary.Testing.Redis;
using Momentary.Testing.Traits;

namespace Momentary.Host.Tests.EndToEnd;

/// <summary>
/// The engine's default write-behind across batches (<see cref="EngineSettings.StateFlushInterval"/>): offers go out as
/// soon as their batch is processed, a customer's state writes within the interval coalesce into one, and offsets are
/// stored only after the state their records wrote is in Redis. Real engine, embedded Kafka, real Redis.
/// </summary>
[Collection(RedisServerCollection.Name)]
[Trait(Needs.Trait, Needs.Redis)]
[Trait(Needs.Trait, Needs.Kafka)]
public sealed class StateFlushOnCommitTests(RedisServerFixture redis, KafkaTestCluster cluster) : IClassFixture<KafkaTestCluster>
{
    [Fact]
    public async Task Offers_go_out_at_once_but_offsets_are_committed_only_after_the_state_is_written()
    {
        var (signals, pipeline, group) = Topics("flush-gate");
        using var store = redis.CreateStore(KafkaTestCluster.UniqueName("fg") + ":");
        var (gated, cache, world, walk) = await JaneBehindAGateAsync(store, pipeline);
        cluster.Produce(signals, walk.Select(p => (p.CustomerId, SignalCodec.Encode(p))));

        var engine = Start(signals, pipeline, group, world, cache, TimeSpan.FromMilliseconds(200));
        try
        {
            // The offer is on its topic while Redis still refuses to take the state: it did not wait for the write.
            var offer = Assert.Single(await Task.Run(() => cluster.ReadAll(pipeline.OfferTopic, 1, TimeSpan.FromSeconds(30))));
            Assert.Equal("jane", OfferCodec.Decode(offer.Message.Value).CustomerId);
            await gated.Entered.WaitAsync(TimeSpan.FromSeconds(30));
            await Task.Delay(TimeSpan.FromSeconds(1.5)); // several flush intervals and commit intervals (200 ms) pass
            Assert.All(cluster.Committed(group, signals, 2).Values, offset => Assert.True(offset < 0, "no offset may be committed before its state is written"));
            Assert.Equal(CustomerState.Empty.LastSeen, (await LoadStateAsync(store, "jane")).LastSeen);

            gated.Open();
            await Eventually.HoldsAsync(() => cluster.Committed(group, signals, 2).Values.Where(o => o > 0).Sum() == walk.Count, TimeSpan.FromSeconds(30));
            Assert.Equal(walk[^1].Timestamp, (await LoadStateAsync(store, "jane")).LastSeen);
        }
        finally
        {
            await StopAsync(engine);
        }
    }

    [Fact]
    public async Task A_customers_writes_across_batches_within_the_interval_coalesce_into_one()
    {
        var (signals, pipeline, group) = Topics("flush-coalesce");
        using var store = redis.CreateStore(KafkaTestCluster.UniqueName("fc") + ":");
        var (gated, cache, world, walk) = await JaneBehindAGateAsync(store, pipeline);

        var engine = Start(signals, pipeline, group, world, cache, TimeSpan.FromMilliseconds(100));
        try
        {
            // The first ping's state is taken by a flush that Redis holds up; the rest arrive one at a time, each its
            // own batch, while it waits.
            await ProduceAndWaitAsync(signals, world, walk[0], 1);
            await gated.Entered.WaitAsync(TimeSpan.FromSeconds(30));
            for (var i = 1; i < walk.Count; i++)
            {
                await ProduceAndWaitAsync(signals, world, walk[i], i + 1);
            }

            gated.Open();
            await Eventually.HoldsAsync(() => cluster.Committed(group, signals, 2).Values.Where(o => o > 0).Sum() == walk.Count, TimeSpan.FromSeconds(30));

            // Two writes for four signals in four batches: the state the held-up flush took, then the newest of the rest.
            var written = gated.Written.Where(w => w.CustomerId == "jane").ToList();
            Assert.Equal(2, written.Count);
            Assert.Equal(walk[0].Timestamp, written[0].State.LastSeen);
            Assert.Equal(walk[^1].Timestamp, written[1].State.LastSeen);
            Assert.Equal(walk[^1].Timestamp, (await LoadStateAsync(store, "jane")).LastSeen);
        }
        finally
        {
            await StopAsync(engine);
        }
    }

    // Jane's walk over a seeded store whose state writes wait at a gate, behind the engine's write-behind cache.
    private static async Task<(GatedStore Gated, CachingContextStore Cache, DemoWorld World, List<LocationPing> Walk)> JaneBehindAGateAsync(ICustomerContextStore store, PipelineSettings pipeline)
    {
        await DemoScenario.SeedAsync(store, DateTimeOffset.UtcNow, CancellationToken.None);
        var gated = new GatedStore(store);
        var cache = new CachingContextStore(gated);
        return (gated, cache, new DemoWorld(cache, TimeProvider.System, pipeline), DemoScenario.Walk("jane", WholeSecondsAgo(60)).ToList());
    }

    private MomentaryEngine Start(string signals, PipelineSettings pipeline, string group, DemoWorld world, CachingContextStore cache, TimeSpan interval)
    {
        var embedded = EngineSettingsFactory.Embedded(cluster.BootstrapServers, group, [signals], pipeline);
        return MomentaryEngine.Start(embedded with { StateFlushInterval = interval, Consumer = embedded.Consumer with { AssignmentChanged = cache.Clear } }, world.Processor);
    }

    private async Task ProduceAndWaitAsync(string signals, DemoWorld world, LocationPing ping, long processed)
    {
        cluster.Produce(signals, [(ping.CustomerId, SignalCodec.Encode(ping))]);
        await Eventually.HoldsAsync(() => world.Processor.Processed >= processed, TimeSpan.FromSeconds(30));
    }

    private static DateTimeOffset WholeSecondsAgo(int seconds) =>
        DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - seconds);

    private static async Task<CustomerState> LoadStateAsync(ICustomerContextStore store, string customerId) =>
        (await store.LoadAsync(new ContextQuery(customerId, [], TimeSpan.Zero, DateTimeOffset.UtcNow))).State;

    private static async Task StopAsync(MomentaryEngine engine)
    {
        await engine.StopAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);
        await engine.DisposeAsync();
    }

    private (string Signals, PipelineSettings Pipeline, string Group) Topics(string name)
    {
        var signals = KafkaTestCluster.UniqueName(name + "-signals");
        var pipeline = new PipelineSettings { OfferTopic = KafkaTestCluster.UniqueName(name + "-offers"), DeadLetterTopic = KafkaTestCluster.UniqueName(name + "-dlq") };
        cluster.CreateTopic(signals, 2);
        cluster.CreateTopic(pipeline.OfferTopic, 2);
        cluster.CreateTopic(pipeline.DeadLetterTopic, 1);
        return (signals, pipeline, KafkaTestCluster.UniqueName(name + "-group"));
    }

    /// <summary>Holds state writes until opened, and records every state written.</summary>
    private sealed class GatedStore(ICustomerContextStore inner) : DelegatingContextStore(inner)
    {
        private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public ConcurrentQueue<StateWrite> Written { get; } = new();

        /// <summary>Completes when the first write is waiting at the gate.</summary>
        public Task Entered => _entered.Task;

        public void Open() => _open.TrySetResult();

        public override async ValueTask<IReadOnlyList<StateWriteOutcome>> SaveStatesAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken = default)
        {
            _entered.TrySetResult();
            await _open.Task.WaitAsync(cancellationToken);
            var outcomes = await base.SaveStatesAsync(writes, cancellationToken);
            foreach (var write in writes)
            {
                Written.Enqueue(write);
            }

            return outcomes;
        }

        public override async ValueTask<StateWriteOutcome> SaveStateAsync(string customerId, CustomerState state, long epoch = 0, CancellationToken cancellationToken = default)
        {
            _entered.TrySetResult();
            await _open.Task.WaitAsync(cancellationToken);
            Written.Enqueue(new StateWrite(customerId, state, epoch));
            return await base.SaveStateAsync(customerId, state, epoch, cancellationToken);
        }
    }
}
