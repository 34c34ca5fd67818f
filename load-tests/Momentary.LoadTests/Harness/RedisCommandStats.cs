using System.Globalization;
using StackExchange.Redis;

namespace Momentary.LoadTests.Harness;

/// <summary>
/// <c>INFO commandstats</c> of the harness's redis-server around a drain (<c>--redis-stats</c>): which commands the
/// pipe sent per signal and what each cost the server, to see where redis-server CPU per signal goes.
/// </summary>
internal sealed class RedisCommandStats(string configuration) : IDisposable
{
    private readonly ConnectionMultiplexer _redis = ConnectionMultiplexer.Connect(configuration + ",allowAdmin=true");

    /// <summary>Zeroes the server's counters.</summary>
    public void Reset() => Server.Execute("CONFIG", "RESETSTAT");

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
    }

    private IServer Server => _redis.GetServers()[0];

    public void Dispose() => _redis.Dispose();
}
