using System.Globalization;
using StackExchange.Redis;

namespace Momentary.LoadTests.Harness;

/// <summary>
/// <c>INFO commandstats</c> of the harness's redis-server around a drain (<c>--redis-stats</c>): which commands the
/// pipe sent per signal and what each cost the server, to see where redis-server CPU per signal goes. Scripts are told
/// apart with the slow log (every call logged during the drain, its first key naming the script): the state write, the
/// friends' visits join, check-ins and reservations each get a line.
/// </summary>
internal sealed class RedisCommandStats(string configuration) : IDisposable
{
    private readonly ConnectionMultiplexer _redis = ConnectionMultiplexer.Connect(configuration + ",allowAdmin=true");

    /// <summary>Zeroes the server's counters and starts logging every call.</summary>
    public void Reset()
    {
        Server.Execute("CONFIG", "SET", "slowlog-max-len", "1000000");
        Server.Execute("CONFIG", "SET", "slowlog-log-slower-than", "0");
        Server.Execute("SLOWLOG", "RESET");
        Server.Execute("CONFIG", "RESETSTAT");
    }

    /// <summary>Prints each command's calls and server µs per signal, dearest first.</summary>
    public void Print(long signals)
    {
        var rows = new List<(string Command, long Calls, long Micros)>();
        foreach (var line in ((string)Server.Execute("INFO", "commandstats")!).Split('\n'))
        {
            // cmdstat_evalsha:calls=123,usec=4567,usec_per_call=37.13,...
            if (!line.StartsWith("cmdstat_", StringComparison.Ordinal))
            {
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            var fields = line[(colon + 1)..].Split(',').Select(f => f.Split('=')).Where(f => f.Length == 2).ToDictionary(f => f[0], f => f[1].Trim());
            rows.Add((line["cmdstat_".Length..colon], long.Parse(fields["calls"], CultureInfo.InvariantCulture), long.Parse(fields["usec"], CultureInfo.InvariantCulture)));
        }

        foreach (var (command, calls, micros) in rows.OrderByDescending(r => r.Micros).Take(8))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    redis {command,-12} {calls / (double)signals,6:0.000} calls and {micros / (double)signals,6:0.00} µs per signal ({micros / (double)Math.Max(1, calls):0.0} µs per call)"));
        }

        PrintScripts(signals);
    }

    // Each logged EVALSHA by the script its first key names (execution time, nested commands included; no I/O).
    private void PrintScripts(long signals)
    {
        var log = (RedisResult[])Server.Execute("SLOWLOG", "GET", "-1")!;
        Server.Execute("CONFIG", "SET", "slowlog-log-slower-than", "10000");
        var scripts = new Dictionary<string, (long Calls, long Micros, long Keys)>(StringComparer.Ordinal);
        foreach (var entry in log)
        {
            var fields = (RedisResult[])entry!;
            var args = ((RedisResult[])fields[3]!).Select(a => (string?)a ?? string.Empty).ToArray();
            if (args.Length < 4 || !args[0].Equals("EVALSHA", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var name = ScriptOf(args[3]);
            var keys = long.TryParse(args[2], CultureInfo.InvariantCulture, out var k) ? k : 0;
            scripts.TryGetValue(name, out var sum);
            scripts[name] = (sum.Calls + 1, sum.Micros + (long)fields[2], sum.Keys + keys);
        }

        foreach (var (name, (calls, micros, keys)) in scripts.OrderByDescending(s => s.Value.Micros))
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"    script {name,-20} {calls / (double)signals,6:0.000} calls and {micros / (double)signals,6:0.00} µs per signal ({micros / (double)calls:0.0} µs per call, {keys / (double)calls:0.0} keys per call)"));
        }
    }

    private static string ScriptOf(string firstKey) =>
        firstKey.EndsWith(":state", StringComparison.Ordinal) ? "state-write" :
        firstKey.EndsWith(":friends", StringComparison.Ordinal) ? "friends-visits" :
        firstKey.EndsWith(":visits", StringComparison.Ordinal) ? "check-in" :
        firstKey.Contains(":offer:", StringComparison.Ordinal) ? "reservation" :
        firstKey.EndsWith(":positions", StringComparison.Ordinal) || firstKey.Contains(":pos", StringComparison.Ordinal) ? "friend-position" :
        firstKey.Length > 24 ? firstKey[^24..] : firstKey;

    private IServer Server => _redis.GetServers()[0];

    public void Dispose() => _redis.Dispose();
}
