using System.Diagnostics;
using System.Globalization;
using Momentary.Chaos.Processes;
using Momentary.Chaos.Verification;

namespace Momentary.Chaos.Scenarios;

/// <summary>
/// Broken rules and venues files written while the engine works under live load (<see cref="ConfigEdits"/>), each
/// followed by the original content again. The engine must never exit, must keep serving the old rules (its
/// offers equal the reference's) and lose no signal. An engine that dies is recorded with the edit that killed it
/// and restarted on the restored files, so one run reports every edit.
/// </summary>
internal sealed class BrokenConfigScenario : IScenario
{
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(1.5);

    public string Name => "broken-config";

    public string Description => "broken rules and venues files written while running";

    public async Task<ScenarioResult> RunAsync(ScenarioContext ctx, CancellationToken ct)
    {
        var reference = await ctx.ReferenceAsync(ct);
        var clock = Stopwatch.StartNew();
        await using var run = await LiveRun.StartAsync(ctx, Name, ctx.Input, engines: 1, ct);

        // Load for the whole sequence of edits (about 5 s each).
        var rate = Math.Min(ctx.Options.RateFor(ctx.Input.Count), ctx.Input.Count / (ConfigEdits.All.Count * 5.0));
        run.StartProducing(rate);
        var originals = new Dictionary<ConfigFile, string>
        {
            [ConfigFile.Rules] = await File.ReadAllTextAsync(run.World.RulesPath, ct),
            [ConfigFile.Venues] = await File.ReadAllTextAsync(run.World.VenuesPath, ct),
        };
        var reactions = new List<string>();
        var killers = new List<string>();
        await run.Progress.WaitForFractionAsync(0.05, TimeSpan.FromMinutes(2), ct);
        string? previous = null;
        foreach (var edit in ConfigEdits.All)
        {
            if (run.World.Running.Count == 0)
            {
                killers.Add($"{previous} (late): {run.World.Engines[^1].ExitDescription()}");
                await RestartAsync(run, originals, ct);
            }

            previous = edit.Name;
            var engine = run.World.Running[0];
            var path = edit.File == ConfigFile.Rules ? run.World.RulesPath : run.World.VenuesPath;
            var logStart = new FileInfo(engine.Process.LogPath).Length;

            // The edit, then the original again; a crash in either window (a parser can take its time) is the edit's.
            await edit.Apply(path, originals[edit.File], ct);
            await engine.Process.WaitForExitAsync(Settle);
            var reaction = Reaction(engine, ReadFrom(engine.Process.LogPath, logStart));
            await File.WriteAllTextAsync(path, originals[edit.File], ct);
            await engine.Process.WaitForExitAsync(Settle * 2);
            if (!engine.IsRunning)
            {
                reaction = Reaction(engine, ReadFrom(engine.Process.LogPath, logStart));
                killers.Add($"{edit.Name}: {engine.ExitDescription()}");
                await RestartAsync(run, originals, ct);
            }

            reactions.Add($"{edit.Name} → {reaction}");
            ctx.Log.WriteLine($"  [broken-config] {edit.Name} → {reaction}");
        }

        // A parser can take longer than the settle time to die (the deep nesting did, under load): an engine lost
        // after the last edit is recorded and replaced too, so the input still drains.
        var drained = false;
        var bound = DateTimeOffset.UtcNow + ReferenceRun.DrainBound(ctx.Input.Count);
        while (!drained && DateTimeOffset.UtcNow < bound)
        {
            if (run.World.Running.Count == 0)
            {
                killers.Add($"{previous} (late): {run.World.Engines[^1].ExitDescription()}");
                await RestartAsync(run, originals, ct);
            }

            drained = await run.FinishAsync(TimeSpan.FromSeconds(5), ct);
        }

        var checks = new List<Check>
        {
            new("the process never exited on a broken file", killers.Count == 0, killers.Count == 0 ? $"{ConfigEdits.All.Count} edits survived" : $"{killers.Count} of {ConfigEdits.All.Count} edits killed the engine: {string.Join("; ", killers)}"),
            Check.Info("what the engine did with each edit", string.Join("; ", reactions)),
            new("drained to the end", drained, $"lag 0 {Verifier.Seconds(run.LagZeroAfterProduction())} after production ended"),
        };
        var verification = await run.VerifyAsync(reference);
        checks.AddRange(verification.Checks);
        return new ScenarioResult(
            Name,
            string.Create(CultureInfo.InvariantCulture, $"{ctx.Input.Count:N0} signals at {rate:N0}/s, 1 process"),
            $"{ConfigEdits.All.Count} broken rules/venues writes",
            ctx.Input.Count,
            verification.OffersOut,
            verification.Lost,
            verification.Duplicated,
            verification.DeadLettered,
            killers.Count == 0 ? "no restart needed" : $"{killers.Count} restart(s)",
            verification.StateDiffers,
            checks,
            clock.Elapsed);
    }

    /// <summary>Restores both files and starts a replacement engine, waiting until it runs.</summary>
    private static async Task RestartAsync(LiveRun run, Dictionary<ConfigFile, string> originals, CancellationToken ct)
    {
        await File.WriteAllTextAsync(run.World.RulesPath, originals[ConfigFile.Rules], ct);
        await File.WriteAllTextAsync(run.World.VenuesPath, originals[ConfigFile.Venues], ct);
        var replacement = run.World.StartEngine();
        if (!await replacement.WaitRunningAsync(TimeSpan.FromSeconds(90), ct))
        {
            throw new InvalidOperationException($"{replacement.Name} did not start on the restored files: {replacement.ExitDescription()}");
        }
    }

    private static string Reaction(EngineProcess engine, string log)
    {
        if (!engine.IsRunning)
        {
            return "process EXITED: " + engine.ExitDescription();
        }

        var rejected = Count(log, "rejected");
        var unreadable = Count(log, "could not be read");
        var reloaded = Count(log, "reloaded");
        return rejected + unreadable + reloaded == 0 ? "no reaction logged" : $"{rejected} rejected, {unreadable} unreadable, {reloaded} reloaded";
    }

    private static int Count(string text, string what)
    {
        var n = 0;
        for (var i = text.IndexOf(what, StringComparison.Ordinal); i >= 0; i = text.IndexOf(what, i + what.Length, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }

    private static string ReadFrom(string path, long offset)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        stream.Seek(Math.Min(offset, stream.Length), SeekOrigin.Begin);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
