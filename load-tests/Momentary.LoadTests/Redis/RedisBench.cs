using System.Diagnostics;
using System.Globalization;
using Momentary.Core.Context;
using Momentary.Redis.Store;
using Momentary.Testing.Redis;

namespace Momentary.LoadTests.Redis;

/// <summary>
/// <c>redis-bench</c>: context reads and reservations per second against a redis-server this command starts,
/// one awaited call at a time vs many in flight (pipelined by the multiplexer), beside <c>redis-benchmark</c>
/// GET on the same server in the same run, so the ratios mean something on a noisy machine.
/// </summary>
internal static class RedisBench
{
    public static async Task<int> RunAsync(Args args)
    {
        var operations = args.Int("ops", 20_000);
        using var server = new RedisServer();
        using var store = RedisContextStore.Connect(new RedisStoreSettings { Configuration = server.Configuration, KeyPrefix = "bench:" });
        var now = new DateTimeOffset(2026, 11, 24, 10, 0, 0, TimeSpan.Zero);
        const int customers = 1000;
        for (var c = 0; c < customers; c++)
        {
            await store.UpsertProfileAsync(new CustomerProfile { CustomerId = $"c{c}", Segments = ["fashion"], Consent = new Dictionary<string, bool> { ["offers"] = true } });
            await store.SaveStateAsync($"c{c}", new CustomerState { LastSeen = now });
            await store.AddFriendshipAsync($"c{c}", $"c{(c + 1) % customers}");
        }

        for (var c = 0; c < customers; c++)
        {
            await store.RecordCheckInAsync($"c{c}", "v1", now.AddDays(-1), TimeSpan.FromDays(30));
        }

        var rows = new List<(string Name, double OpsPerSecond)>();
        string[] venues = ["v1", "v2"];
        ValueTask<CustomerContext> Load(int i) => store.LoadAsync(new ContextQuery($"c{i % customers}", venues, TimeSpan.FromDays(14), now));
        var caps = new CapPolicy(1_000_000, TimeSpan.FromDays(1), MaxOffersPerCustomerPerHour: 1_000_000);
        var run = 0;
        ValueTask<ReservationResult> Reserve(int i) => store.ReserveAsync(new OfferReservation($"o{run}-{i}", $"c{i % customers}", "r", now, caps));

        await Measure("warm-up", 2000, 64, i => Load(i).AsTask());
        rows.Add(("context load, 1 at a time", await Measure("load-1", operations / 4, 1, i => Load(i).AsTask())));
        rows.Add(("context load, 64 in flight", await Measure("load-64", operations, 64, i => Load(i).AsTask())));
        run = 1;
        rows.Add(("reservation, 1 at a time", await Measure("reserve-1", operations / 4, 1, i => Reserve(i).AsTask())));
        run = 2;
        rows.Add(("reservation, 64 in flight", await Measure("reserve-64", operations, 64, i => Reserve(i).AsTask())));
        // Fenced state writes (issue 22): redis-server CPU per customer written, by customers per script call.
        var state = new CustomerState
        {
            LastSeen = now,
            LastLatitude = 48.8566,
            LastLongitude = 2.3522,
            InsideVenues = new Dictionary<string, DateTimeOffset> { ["v1"] = now },
            RecentSignals = Enumerable.Range(0, 8).Aggregate(RecentMarks.Empty, (marks, i) => marks.Add($"sig-{i:D12}", i == 0 ? ["v1"] : [], [])),
        };
        foreach (var perCall in new[] { 1, 8, 64 })
        {
            var cpu = server.CpuTime;
            await Measure($"state-writes-{perCall}", operations / perCall, Math.Max(1, 64 / perCall), i => perCall == 1
                ? store.SaveStateAsync($"c{i % customers}", state).AsTask() // the single-customer script (one EVALSHA per customer, as before issue 22)
                : store.SaveStatesAsync([.. Enumerable.Range(0, perCall).Select(k => new StateWrite($"c{((i * perCall) + k) % customers}", state))]).AsTask());
            var micros = (server.CpuTime - cpu).TotalMicroseconds / (operations / perCall * perCall);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  fenced state write, {perCall} per script call: {micros:0.0} µs of redis-server CPU per customer"));
        }

        rows.Add(("redis-benchmark GET, 50 clients", RedisBenchmark(server.Port, pipeline: 1)));
        rows.Add(("redis-benchmark GET, 50 clients, -P 16", RedisBenchmark(server.Port, pipeline: 16)));

        Console.WriteLine();
        Console.WriteLine($"{"operation",-42} {"ops/s",12}");
        foreach (var (name, ops) in rows)
        {
            Console.WriteLine($"{name,-42} {ops.ToString("N0", CultureInfo.InvariantCulture),12}");
        }

        return 0;
    }

    private static async Task<double> Measure(string name, int count, int inFlight, Func<int, Task> op)
    {
        var next = -1;
        var watch = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, inFlight).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < count)
            {
                await op(i);
            }
        });
        await Task.WhenAll(workers);
        var rate = count / watch.Elapsed.TotalSeconds;
        Console.WriteLine($"  {name}: {count} ops in {watch.Elapsed.TotalMilliseconds:N0} ms");
        return rate;
    }

    private static double RedisBenchmark(int port, int pipeline)
    {
        var info = new ProcessStartInfo("redis-benchmark") { RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var a in new[] { "-p", port.ToString(CultureInfo.InvariantCulture), "-t", "get", "-n", "200000", "-c", "50", "-P", pipeline.ToString(CultureInfo.InvariantCulture), "-q" })
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();

        // "GET: 76045.63 requests per second, p50=0.319 msec" (the line may be preceded by progress output)
        var line = output.Split('\r', '\n').Last(l => l.Contains("requests per second", StringComparison.Ordinal));
        var number = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..line.IndexOf("requests", StringComparison.Ordinal)].Trim();
        return double.Parse(number, CultureInfo.InvariantCulture);
    }
}
