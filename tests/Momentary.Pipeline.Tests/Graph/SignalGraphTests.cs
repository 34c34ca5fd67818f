using Momentary.Testing;
using Akka.Actor;
using Akka.Streams;
using Akka.Streams.Dsl;
using Microsoft.Extensions.Time.Testing;
using Momentary.Core.Context;
using Momentary.Core.Messaging;
using Momentary.Core.Offers;
using Momentary.Core.Signals;
using Momentary.Pipeline.Graph;
using Momentary.Pipeline.Processing;
using Momentary.Pipeline.Tests.Support;
using Momentary.Testing.Demo;

namespace Momentary.Pipeline.Tests.Graph;

public sealed class SignalGraphTests : IDisposable
{
    private readonly ActorSystem _system = ActorSystem.Create("graph-tests", "akka.loglevel = WARNING");
    private readonly FakeTimeProvider _time = new(DemoWorld.Start.AddMinutes(2));

    [Fact]
    public async Task Graph_DemoWalks_OnlyJaneGetsTheAuroraOffer()
    {
        var world = new DemoWorld(new InMemoryContextStore(), _time);
        await world.SeedAsync();

        var outcomes = await RunAsync(world, DemoWorld.Walks());

        var offer = Assert.Single(outcomes.SelectMany(o => o.Outcome.Offers));
        Assert.Equal(("jane", "aurora-friends", "aurora"), (offer.CustomerId, offer.RuleId, offer.VenueId));
        Assert.Equal("20% off at Aurora, valid 3 hours", offer.Message);
        Assert.Equal(offer.IssuedAt + TimeSpan.FromHours(3), offer.ExpiresAt);
        Assert.Equal("jane-walk-3", offer.SignalId);
        Assert.Equal(OfferIds.Create("aurora-friends", "jane", "jane-walk-3"), offer.OfferId);
        Assert.Contains("3 friends visited in 14 days", offer.Explanation.Summary, StringComparison.Ordinal);
        var record = Assert.Single(outcomes.SelectMany(o => o.Outcome.Outbound));
        Assert.Equal((world.Settings.OfferTopic, "jane"), (record.Topic, record.Key));
        Assert.Equal(OfferCodec.Encode(offer), record.Value);
    }

    [Fact]
    public async Task Graph_OutputOrder_EqualsInputOrderUnderParallelWork()
    {
        var world = new DemoWorld(new DelayingStore(new InMemoryContextStore()), _time, new PipelineSettings { ParallelismPerPartition = 32 });
        var records = ManyCustomers(customers: 40, pingsEach: 10);

        var outcomes = await RunAsync(world, records);

        Assert.Equal(Enumerable.Range(0, records.Count).Select(i => (long)i), outcomes.Select(o => o.Context));
    }

    [Theory]
    [InlineData(40)] // a customer at most once per batch of 32: order across batches
    [InlineData(5)] // six or seven signals of each customer per batch: order within one
    public async Task Graph_SameCustomerSignals_NeverOverlapAndRunInOrderWhileOthersOverlap(int customers)
    {
        var store = new DelayingStore(new InMemoryContextStore());
        var world = new DemoWorld(store, _time, new PipelineSettings { ParallelismPerPartition = 32 });

        await RunAsync(world, ManyCustomers(customers, pingsEach: 10));

        Assert.Equal(0, store.SameCustomerOverlaps);
        Assert.Equal(0, store.OutOfOrderSaves);
        Assert.True(store.MaxConcurrentCustomers > 1, "different customers should be processed concurrently");
        Assert.Equal(customers * 10, store.Loads);
    }

    [Fact]
    public async Task Graph_MalformedRecord_IsDeadLetteredAndTheStreamGoesOn()
    {
        var world = new DemoWorld(new InMemoryContextStore(), _time);
        await world.SeedAsync();
        var records = DemoWorld.Walks();
        var bad = new InboundRecord("momentary.signals.location.v1", 0, 99, "jane", "{\"kind\":\"location\""u8.ToArray(), DemoWorld.Start);
        records.Insert(0, bad);

        var outcomes = await RunAsync(world, records);

        Assert.Equal(records.Count, outcomes.Count);
        var dead = outcomes[0].Outcome;
        Assert.Equal(SignalOutcomeKind.DeadLetter, dead.Kind);
        var letter = Assert.Single(dead.Outbound);
        Assert.Equal(world.Settings.DeadLetterTopic, letter.Topic);
        Assert.Equal(bad.Value.ToArray(), letter.Value);
        Assert.Equal("malformed-json", Header(letter, DeadLetters.ErrorKindHeader));
        Assert.Equal("99", Header(letter, DeadLetters.SourceOffsetHeader));
        Assert.Single(outcomes.SelectMany(o => o.Outcome.Offers));
    }

    [Fact]
    public async Task Graph_ReplayOfTheSameRecords_ReEmitsTheSameOfferBytes()
    {
        var world = new DemoWorld(new InMemoryContextStore(), _time);
        await world.SeedAsync();
        var records = DemoWorld.Walks();
        var first = await RunAsync(world, records);

        // A crash before commit: the owner state was written but the offsets were not; the records come again.
        // Reset fence state so Jane "enters" again, as a fresh owner re-reading would after losing state.
        await world.Store.SaveStateAsync("jane", CustomerState.Empty);
        var second = await RunAsync(world, records);

        var a = Assert.Single(first.SelectMany(o => o.Outcome.Outbound));
        var b = Assert.Single(second.SelectMany(o => o.Outcome.Outbound));
        Assert.Equal(a.Value, b.Value);
    }

    [Fact]
    public async Task Graph_WriteBehindStore_NoOutcomeLeavesBeforeTheBatchIsFlushed()
    {
        // Outcomes carry the offsets to commit: none may pass the graph while the state it wrote is only buffered.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var store = new GatedFlushStore(new CachingContextStore(new InMemoryContextStore()), gate.Task);
        var world = new DemoWorld(store, _time);
        await world.SeedAsync();
        var outcomes = new List<long>();
        var done = Source.From(DemoWorld.Walks().Select(r => (r, r.Offset)))
            .Via(SignalGraph.Create<long>(world.Processor, world.Settings))
            .RunForeach(o => { lock (outcomes) { outcomes.Add(o.Item2); } }, _system.Materializer());

        await Eventually.HoldsAsync(() => store.FlushesStarted > 0, TimeSpan.FromSeconds(10), "the graph's first flush");
        lock (outcomes)
        {
            Assert.Empty(outcomes);
        }

        gate.SetResult();
        await done.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(DemoWorld.Walks().Count, outcomes.Count);
        Assert.True(store.Cache.Flushes > 0);
    }

    public void Dispose() => _system.Dispose();

    // Holds every flush until the gate opens; counts flushes that began.
    private sealed class GatedFlushStore(CachingContextStore cache, Task gate) : DelegatingContextStore(cache)
    {
        private int _started;

        public CachingContextStore Cache => cache;

        public int FlushesStarted => Volatile.Read(ref _started);

        public override async ValueTask FlushAsync(CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _started);
            await gate.ConfigureAwait(false);
            await cache.FlushAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task<List<(SignalOutcome Outcome, long Context)>> RunAsync(DemoWorld world, IReadOnlyList<InboundRecord> records)
    {
        var result = await Source.From(records.Select(r => (r, r.Offset)))
            .Via(SignalGraph.Create<long>(world.Processor, world.Settings))
            .RunWith(Sink.Seq<(SignalOutcome, long)>(), _system.Materializer())
            .WaitAsync(TimeSpan.FromSeconds(30));
        return [.. result];
    }

    private static List<InboundRecord> ManyCustomers(int customers, int pingsEach)
    {
        var records = new List<InboundRecord>();
        for (var i = 0; i < pingsEach; i++)
        {
            for (var c = 0; c < customers; c++)
            {
                var ping = new LocationPing { Id = $"c{c}-{i}", CustomerId = $"c{c}", Timestamp = DemoWorld.Start.AddSeconds(i), Latitude = 48.8599 + (i * 0.00001), Longitude = 2.3398 };
                records.Add(DemoWorld.Record(ping, records.Count));
            }
        }

        return records;
    }

    private static string Header(OutboundRecord record, string key) =>
        System.Text.Encoding.UTF8.GetString(record.Headers.Single(h => h.Key == key).Value);
}
