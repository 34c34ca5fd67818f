using Momentary.Core.Context;
using Momentary.Redis.Store;
using Momentary.Redis.Tests.Support;
using Momentary.Testing.Redis;
using Momentary.Testing.Traits;
using StackExchange.Redis;

namespace Momentary.Redis.Tests.Caching;

/// <summary>
/// The write-behind cache encodes each state when it is saved, into a per-stripe arena reused across flushes
/// (<see cref="StateWrite.Encoded"/>): what reaches Redis (real redis-server) must be exactly the fenced value of the
/// newest state under its epoch, through many flushes, a failed flush and its put-back, and the JSON upgrade switch.
/// </summary>
[Collection(RedisServerCollection.Name)]
[Trait(Needs.Trait, Needs.Redis)]
public sealed class EncodedOnSaveTests(RedisServerFixture redis) : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 19, 0, 0, TimeSpan.Zero);
    private readonly string _prefix = $"t{Guid.NewGuid():N}:";
    private readonly List<IDisposable> _disposables = [];

    private RedisContextStore Redis(bool json = false)
    {
        var store = new RedisContextStore(redis.Connection, new RedisStoreSettings { Configuration = redis.Server.Configuration, KeyPrefix = _prefix, WriteJsonState = json });
        _disposables.Add(store);
        return store;
    }

    private async Task<string[]> Known(int count)
    {
        var customers = Enumerable.Range(0, count).Select(i => $"c{i}").ToArray();
        foreach (var c in customers)
        {
            await Redis().UpsertProfileAsync(new CustomerProfile { CustomerId = c });
        }

        return customers;
    }

    // A state that differs per customer and round, with strings and maps, so a byte from another state shows.
    private static CustomerState State(string customer, int round) => new()
    {
        LastSeen = Now.AddSeconds(round),
        LastLatitude = 52.5 + (round / 1000.0),
        LastLongitude = 13.4,
        InsideVenues = new Dictionary<string, DateTimeOffset> { [$"venue-{customer}-{round}"] = Now },
        RecentSignals = Enumerable.Range(0, 1 + (round % 4)).Aggregate(RecentMarks.Empty, (marks, i) => marks.Add($"{customer}-signal-{round}-{i}", [], [])),
    };

    private byte[] Stored(string customer) => (byte[])redis.Connection.GetDatabase().StringGet($"{_prefix}{{{customer}}}:state")!;

    [Fact]
    public async Task Flushes_WriteExactlyTheNewestStateOfEachCustomer_ThroughArenaReuse()
    {
        var customers = await Known(300);
        var recorder = new RecordingSaves(Redis());
        var cache = new CachingContextStore(recorder);
        var newest = new Dictionary<string, (CustomerState State, long Epoch)>();

        for (var round = 0; round < 6; round++)
        {
            // Rounds save different subsets, some customers twice, under a rising epoch: stripes' arenas are reused,
            // grown and refilled between flushes.
            foreach (var c in customers.Where((_, i) => (i + round) % 3 != 0))
            {
                var epoch = 7 + round;
                await cache.SaveStateAsync(c, State(c, round), epoch);
                await cache.SaveStateAsync(c, State(c, round + 100), epoch);
                newest[c] = (State(c, round + 100), epoch);
            }

            await cache.FlushAsync();
            foreach (var (c, (state, epoch)) in newest)
            {
                Assert.Equal(CustomerStateCodec.EncodeFenced(state, epoch), Stored(c));
            }
        }

        Assert.All(recorder.Writes, w => Assert.False(w.Encoded.IsEmpty));
    }

    [Fact]
    public async Task FailedFlush_PutsBackStatesWhoseBytesSurviveTheNextFlush()
    {
        var customers = await Known(64);
        var recorder = new RecordingSaves(Redis());
        var cache = new CachingContextStore(recorder);
        foreach (var c in customers)
        {
            await cache.SaveStateAsync(c, State(c, 1), 3);
        }

        recorder.Fail = true;
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await cache.FlushAsync());
        recorder.Fail = false;
        foreach (var c in customers.Take(20))
        {
            await cache.SaveStateAsync(c, State(c, 2), 3); // newer than the put-back ones
        }

        await cache.FlushAsync();

        foreach (var (c, i) in customers.Select((c, i) => (c, i)))
        {
            Assert.Equal(CustomerStateCodec.EncodeFenced(State(c, i < 20 ? 2 : 1), 3), Stored(c));
        }
    }

    [Fact]
    public async Task WriteJsonState_WritesJsonEvenWhenTheCacheHandsItBinary()
    {
        var customers = await Known(2);
        var cache = new CachingContextStore(Redis(json: true));
        await cache.SaveStateAsync(customers[0], State(customers[0], 1), 4);

        await cache.FlushAsync();

        Assert.Equal(CustomerStateCodec.EncodeFenced(State(customers[0], 1), 4, json: true), Stored(customers[0]));
    }

    public void Dispose()
    {
        foreach (var d in _disposables)
        {
            d.Dispose();
        }
    }

    // Records every batch handed to the store (with a copy of its bytes' emptiness) and fails while Fail is set.
    private sealed class RecordingSaves(ICustomerContextStore inner) : DelegatingContextStore(inner)
    {
        public bool Fail { get; set; }

        public List<StateWrite> Writes { get; } = [];

        public override ValueTask<IReadOnlyList<StateWriteOutcome>> SaveStatesAsync(IReadOnlyList<StateWrite> writes, CancellationToken cancellationToken = default)
        {
            if (Fail)
            {
                return ValueTask.FromException<IReadOnlyList<StateWriteOutcome>>(new InvalidOperationException("store down"));
            }

            Writes.AddRange(writes);
            return Inner.SaveStatesAsync(writes, cancellationToken);
        }
    }
}
