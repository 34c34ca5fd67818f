using Momentary.Core.Signals;

namespace Momentary.LoadTests.Harness;

/// <summary>
/// Pings for every customer, then rounds of the city's mix until a round leaves the JIT nearly idle (tiered
/// compilation keeps recompiling hot methods for several seconds after start; timing through it measured the
/// JIT, not the pipe). Rounds are generated once and replayed identically to each pipe.
/// </summary>
internal sealed class WarmUp(List<(string Key, byte[] Value)> pings, Func<int, Signal> next, int roundSize)
{
    private const int MaxRounds = 12;

    /// <summary>
    /// The warm-up of a run whose timed signals start at <paramref name="start"/>: one ping per customer a day
    /// earlier (caches every context), then rounds stamped in the three minutes that end one minute before
    /// <paramref name="start"/>. The rounds must be fresh: a signal older than a rule's <c>freshFor</c> (5 minutes by
    /// default) skips the rule's conditions, arbitration, reservation, rendering and offer producing, so rounds
    /// stamped a day earlier (as until issue 22's third session) left all of that to be compiled, through Tier0 and
    /// instrumented code, inside the timed drain — 10% of the process's CPU samples there (perf, 120,000 signals).
    /// </summary>
    public static WarmUp Fresh(LoadRig rig, DateTimeOffset start, int roundSize)
    {
        var step = TimeSpan.FromMinutes(3) / (MaxRounds * (double)roundSize);
        var from = start.AddMinutes(-4);
        return new WarmUp(rig.WarmUpRecords(start.AddDays(-1)), i => rig.Generator.Next(from + (step * i)), roundSize);
    }
    private const long SettledMethods = 60;
    private readonly List<List<(string Key, byte[] Value)>> _rounds = [];
    private int _generated;

    /// <summary>Rounds the last <see cref="RunAsync"/> ran.</summary>
    public int LastRounds { get; private set; }

    /// <summary>
    /// Runs the warm-up through a pipe; returns the pipe's output count once it is done. With <paramref name="rounds"/>,
    /// exactly that many rounds (pipes whose offers are compared must see the same records).
    /// </summary>
    public async Task<long> RunAsync(string pipe, Action<List<(string Key, byte[] Value)>> produce, Func<long> done, int? rounds = null)
    {
        var from = done();
        produce(pings);
        await LoadRun.Drain(done, from, pings.Count);
        from += pings.Count;
        var ran = 0;
        long compiled;
        do
        {
            var before = System.Runtime.JitInfo.GetCompiledMethodCount();
            var round = Round(ran++);
            produce(round);
            await LoadRun.Drain(done, from, round.Count);
            from += round.Count;
            await Task.Delay(200); // tier-1 compiles run in the background, after the calls that triggered them
            compiled = System.Runtime.JitInfo.GetCompiledMethodCount() - before;
        }
        while (rounds is { } fixedRounds ? ran < fixedRounds : compiled > SettledMethods && ran < MaxRounds);

        LastRounds = ran;
        Console.WriteLine($"{pipe} warm-up: {pings.Count:N0} pings + {ran} round(s) of {roundSize:N0}; the last compiled {compiled} method(s)");
        return from;
    }

    private List<(string Key, byte[] Value)> Round(int index)
    {
        while (_rounds.Count <= index)
        {
            _rounds.Add(Enumerable.Range(0, roundSize).Select(_ => next(_generated++)).Select(s => (s.CustomerId, SignalCodec.Encode(s))).ToList());
        }

        return _rounds[index];
    }
}
