using Momentary.Core.Signals;

namespace Momentary.LoadTests.Harness;

/// <summary>
/// Pings for every customer, then rounds of the city's mix until a round leaves the JIT nearly idle (tiered
/// compilation keeps recompiling hot methods for several seconds after start; timing through it measured the
/// JIT, not the pipe), then, when asked, one backlog as deep as the timed one, produced at once: a consumer's lane
/// buffers and the write-behind's arenas are sized by the deepest backlog the process has drained and reused after
/// it, so without it the timed drain paid their one-time growth (docs/performance.md, "Seventh session"). Rounds
/// are generated once and replayed identically to each pipe.
/// </summary>
internal sealed class WarmUp(List<(string Key, byte[] Value)> pings, Func<int, Signal> next, int roundSize, int deep = 0)
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
    /// <param name="rig">The rig whose city the signals come from.</param>
    /// <param name="start">When the timed signals start.</param>
    /// <param name="roundSize">Signals per round.</param>
    /// <param name="deep">The size of the deep backlog after the rounds (0: none); stamped in the same three minutes.</param>
    public static WarmUp Fresh(LoadRig rig, DateTimeOffset start, int roundSize, int deep = 0)
    {
        var step = TimeSpan.FromMinutes(3) / ((MaxRounds * (double)roundSize) + deep);
        var from = start.AddMinutes(-4);
        return new WarmUp(rig.WarmUpRecords(start.AddDays(-1)), i => rig.Generator.Next(from + (step * i)), roundSize, deep);
    }
    private const long SettledMethods = 60;
    private readonly List<List<(string Key, byte[] Value)>> _rounds = [];
    private List<(string Key, byte[] Value)>? _deep;

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
        if (deep > 0)
        {
            _deep ??= Fill(MaxRounds * roundSize, deep);
            produce(_deep);
            await LoadRun.Drain(done, from, _deep.Count);
            from += _deep.Count;
        }

        var deepNote = deep > 0 ? $", then a backlog of {deep:N0} at once" : string.Empty;
        Console.WriteLine($"{pipe} warm-up: {pings.Count:N0} pings + {ran} round(s) of {roundSize:N0}; the last compiled {compiled} method(s){deepNote}");
        return from;
    }

    private List<(string Key, byte[] Value)> Round(int index)
    {
        while (_rounds.Count <= index)
        {
            _rounds.Add(Fill(_rounds.Count * roundSize, roundSize));
        }

        return _rounds[index];
    }

    // Signals number first..first+count; a round's follow the rounds before it, the deep backlog's every round's
    // (MaxRounds of them), so its stamps come after theirs and before the timed signals'.
    private List<(string Key, byte[] Value)> Fill(int first, int count) =>
        Enumerable.Range(first, count).Select(next).Select(s => (s.CustomerId, SignalCodec.Encode(s))).ToList();
}
