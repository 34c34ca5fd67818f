using BenchmarkDotNet.Attributes;
using Momentary.Core.Context;
using Momentary.Redis.Store;
using Momentary.Testing.Redis;

namespace Momentary.Benchmarks;

/// <summary>
/// One signal's context on a real redis-server this benchmark starts (loopback): the full read (profile, state,
/// friends' visits at two venues) in one pipelined round trip and the state write, beside the same reads through
/// the partition-affine cache (profile and state in process; friends' visits still read from Redis, or nothing when
/// the ping is near no venue). One call at a time: this is latency per call, not throughput.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ContextRoundTripBenchmarks
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 40, 0, TimeSpan.Zero);
    private RedisServer _server = null!;
    private RedisContextStore _redis = null!;
    private CachingContextStore _cache = null!;
    private readonly ContextQuery _atVenues = new("jane", ["aurora", "kiosk"], TimeSpan.FromDays(14), Now);
    private readonly ContextQuery _nowhere = new("jane", [], TimeSpan.FromDays(14), Now);
    private CustomerState _state = null!;

    [GlobalSetup]
    public void Setup()
    {
        _server = new RedisServer();
        _redis = RedisContextStore.Connect(new RedisStoreSettings { Configuration = _server.Configuration, KeyPrefix = "bench:" });
        _cache = new CachingContextStore(_redis);
        _state = new CustomerState { LastSeen = Now, LastLatitude = 48.86, LastLongitude = 2.33, InsideVenues = new Dictionary<string, DateTimeOffset> { ["aurora"] = Now } };
        Task.Run(async () =>
        {
            await _redis.UpsertProfileAsync(new CustomerProfile { CustomerId = "jane", Segments = ["fashion"], Consent = new Dictionary<string, bool> { ["offers"] = true } });
            await _redis.SaveStateAsync("jane", _state);
            foreach (var friend in new[] { "amy", "bo", "cy" })
            {
                await _redis.AddFriendshipAsync("jane", friend);
                await _redis.RecordCheckInAsync(friend, "aurora", Now.AddDays(-1), TimeSpan.FromDays(30));
            }

            await _cache.LoadAsync(_atVenues);
        }).GetAwaiter().GetResult();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _redis.Dispose();
        _server.Dispose();
    }

    [Benchmark(Baseline = true, Description = "load, Redis (profile + state + 2 venues)")]
    public async Task<CustomerContext> LoadRedis() => await _redis.LoadAsync(_atVenues);

    [Benchmark(Description = "load, cached (2 venues from Redis)")]
    public async Task<CustomerContext> LoadCachedAtVenues() => await _cache.LoadAsync(_atVenues);

    [Benchmark(Description = "load, cached (near no venue)")]
    public async Task<CustomerContext> LoadCachedNowhere() => await _cache.LoadAsync(_nowhere);

    [Benchmark(Description = "save state, Redis")]
    public async Task SaveRedis() => await _redis.SaveStateAsync("jane", _state);

    [Benchmark(Description = "save state, cached: 16 customers, one flush (per save)", OperationsPerInvoke = 16)]
    public async Task SaveCachedBatch()
    {
        for (var i = 0; i < Customers.Length; i++)
        {
            await _cache.SaveStateAsync(Customers[i], _state);
        }

        await _cache.FlushAsync();
    }

    private static readonly string[] Customers = Enumerable.Range(0, 16).Select(i => $"c{i}").ToArray();
}
