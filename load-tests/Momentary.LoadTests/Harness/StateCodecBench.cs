using System.Diagnostics;
using System.Globalization;
using Momentary.City;
using Momentary.Core.Context;
using Momentary.Core.Messaging;
using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;
using Momentary.Pipeline.Processing;

namespace Momentary.LoadTests.Harness;

/// <summary>
/// <c>state-codec-bench</c>: the customer state's encodings side by side on the states the city's signals leave (the
/// processor run over city signals on the in-memory store): stored bytes per state, and encode and decode time and
/// allocation per state for the binary format and the JSON it replaced (<see cref="CustomerStateCodec.EncodeJson"/>,
/// byte for byte the old codec's output), in alternating rounds so both see the same machine.
/// </summary>
internal static class StateCodecBench
{
    public static async Task<int> RunAsync(Args args)
    {
        var customers = args.Int("customers", 20_000);
        var count = args.Int("signals", 60_000);
        var rounds = args.Int("rounds", 9);
        var world = CityWorld.Build(customers, args.Int("venues", 2_000));
        var generator = new SignalGenerator(world.City);
        var start = DateTimeOffset.UtcNow;
        var store = new InMemoryContextStore();
        await world.ImportIntoAsync(store);
        var processor = new SignalProcessor(store, () => world.Rules, new Geofencer(FenceIndex.Build(world.Catalog), new GeofenceSettings()), TimeProvider.System, new PipelineSettings()) { RecordMetrics = false };
        for (var i = 0; i < count; i++)
        {
            var s = generator.Next(start.AddMilliseconds(i));
            await processor.ProcessAsync(new InboundRecord("signals", i % 6, i, s.CustomerId, SignalCodec.Encode(s), start));
        }

        var states = new List<CustomerState>(customers);
        foreach (var c in world.City.Customers)
        {
            var state = (await store.LoadAsync(new ContextQuery(c.Id, [], TimeSpan.Zero, start) { Parts = ContextParts.State })).State;
            if (!ReferenceEquals(state, CustomerState.Empty))
            {
                states.Add(state);
            }
        }

        var all = states.ToArray();
        var json = all.Select(s => Fenced(CustomerStateCodec.EncodeJson(s))).ToArray();
        var binary = all.Select(s => CustomerStateCodec.EncodeFenced(s, 1)).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{all.Length:N0} states of {customers:N0} customers after {count:N0} signals; stored bytes per state (fence header included):"));
        Console.WriteLine(Sizes("json  ", json));
        Console.WriteLine(Sizes("binary", binary));

        var timings = new Dictionary<string, List<(double Ns, double Bytes)>>(StringComparer.Ordinal);
        for (var round = 0; round < rounds; round++)
        {
            Time(timings, "encode json  ", all, s => CustomerStateCodec.EncodeJson(s).Length);
            Time(timings, "encode binary", all, s => CustomerStateCodec.EncodeFenced(s, 1).Length);
            Time(timings, "decode json  ", json, b => CustomerStateCodec.Decode(b).RecentSignals.Count);
            Time(timings, "decode binary", binary, b => CustomerStateCodec.Decode(b).RecentSignals.Count);
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"per state, median of {rounds} alternating rounds (the first is warm-up and dropped):"));
        foreach (var (name, runs) in timings)
        {
            var kept = runs.Skip(1).ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {name} {Median(kept.Select(r => r.Ns)),8:N0} ns  {Median(kept.Select(r => r.Bytes)),8:N0} B allocated"));
        }

        return 0;
    }

    private static byte[] Fenced(byte[] body) => [.. "E000000000001"u8, .. body];

    private static string Sizes(string name, byte[][] values)
    {
        var sorted = values.Select(v => v.Length).Order().ToArray();
        return string.Create(CultureInfo.InvariantCulture, $"  {name} mean {sorted.Average(),7:N1}  p50 {sorted[sorted.Length / 2],6:N0}  p95 {sorted[sorted.Length * 95 / 100],6:N0}  max {sorted[^1],6:N0}");
    }

    private static void Time<T>(Dictionary<string, List<(double, double)>> timings, string name, T[] items, Func<T, int> work)
    {
        var sink = 0;
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var started = Stopwatch.GetTimestamp();
        foreach (var item in items)
        {
            sink += work(item);
        }

        var elapsed = Stopwatch.GetElapsedTime(started);
        var bytes = GC.GetAllocatedBytesForCurrentThread() - allocated;
        GC.KeepAlive(sink);
        if (!timings.TryGetValue(name, out var list))
        {
            timings[name] = list = [];
        }

        list.Add((elapsed.TotalNanoseconds / items.Length, bytes / (double)items.Length));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted[sorted.Length / 2];
    }
}
