using System.Globalization;
using Momentary.Chaos.Input;
using Momentary.Chaos.Observation;
using Momentary.Chaos.Processes;
using Momentary.Chaos.Verification;
using Momentary.Chaos.Worlds;
using Momentary.Testing.Processes;

namespace Momentary.Chaos.Scenarios;

/// <summary>
/// A world under live load: engines started and answering, the input produced at a steady rate while the
/// scenario injects its faults, the group sampled throughout; then drained to the end and verified against the
/// reference.
/// </summary>
internal sealed class LiveRun : IAsyncDisposable
{
    private readonly ScenarioContext _ctx;
    private readonly CancellationTokenSource _production = new();
    private Task? _producing;

    private LiveRun(ScenarioContext ctx, World world, InputFeeder feeder, ChaosInput input)
    {
        _ctx = ctx;
        World = world;
        Feeder = feeder;
        Input = input;
        Progress = new RunProgress(world, feeder, input.Count);
    }

    public World World { get; }

    public InputFeeder Feeder { get; }

    public ChaosInput Input { get; }

    public RunProgress Progress { get; }

    /// <summary>Signals per second the input is produced at.</summary>
    public double Rate { get; private set; }

    public DateTimeOffset? ProductionEndedAt { get; private set; }

    /// <summary>Starts a world with <paramref name="engines"/> engines and waits until each answers /health.</summary>
    public static async Task<LiveRun> StartAsync(ScenarioContext ctx, string name, ChaosInput input, int engines, CancellationToken ct)
    {
        var world = await World.StartAsync(ctx.Binary, ctx.Spec(name, input), ctx.Log);
        var run = new LiveRun(ctx, world, new InputFeeder(world.Kafka.BootstrapServers, world.Topics), input);
        try
        {
            for (var i = 0; i < engines; i++)
            {
                world.StartEngine();
            }

            foreach (var engine in world.Engines)
            {
                if (!await engine.WaitRunningAsync(TimeSpan.FromSeconds(90), ct))
                {
                    throw new InvalidOperationException($"{engine.Name} did not answer /health with 200 within 90 s (exit code {engine.Process.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "none"}); see {engine.Process.LogPath}");
                }
            }

            return run;
        }
        catch
        {
            await run.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts producing the input at <paramref name="rate"/> signals per second.</summary>
    public void StartProducing(double rate)
    {
        Rate = rate;
        _producing = Task.Run(async () =>
        {
            await Feeder.ProduceAsync(Input.Records, rate, _production.Token);
            ProductionEndedAt = DateTimeOffset.UtcNow;
        });
    }

    /// <summary>The lag a healthy group carries under this load: what arrives in about two commit intervals.</summary>
    public long SteadyLag => (long)(Rate * 2) + 100;

    /// <summary>Sends <paramref name="signal"/> to <paramref name="engine"/> and, for a kill, waits for the exit.</summary>
    public async Task SignalAsync(EngineProcess engine, UnixSignal signal)
    {
        World.Signal(engine, signal);
        if (signal == UnixSignal.Kill && !await engine.Process.WaitForExitAsync(TimeSpan.FromSeconds(10)))
        {
            throw new InvalidOperationException($"{engine.Name} survived SIGKILL for 10 s");
        }
    }

    /// <summary>Waits for production to end and the group to commit everything; true when drained within <paramref name="timeout"/> of production's end.</summary>
    public async Task<bool> FinishAsync(TimeSpan timeout, CancellationToken ct)
    {
        if (_producing is not null)
        {
            await _producing.WaitAsync(ct);
        }

        return await Progress.WaitDrainedAsync(timeout, ct);
    }

    /// <summary>Time from the end of production until the lag was zero on every partition.</summary>
    public TimeSpan? LagZeroAfterProduction() =>
        ProductionEndedAt is { } end ? Progress.TimeUntil(end, s => s.Lag == 0 && s.Committed >= Input.Count) : null;

    /// <summary>Captures the world's outcome and runs the standard checks against the reference.</summary>
    public async Task<Verification.Verification> VerifyAsync(ReferenceRun reference)
    {
        var outcome = await WorldOutcome.CaptureAsync(World, _ctx.CustomerIds);
        return Verifier.Verify(Input, Feeder.Placement(), reference.Outcome, outcome, _ctx.Caps, _ctx.Options.StrictState, Path.Combine(World.Spec.Directory, "state-differences.ndjson"));
    }

    /// <summary>Engines that exited on their own, as check detail.</summary>
    public Check NoUnexpectedExit(string name = "no engine process exited by itself")
    {
        var exits = World.UnexpectedExits;
        return new Check(name, exits.Count == 0, exits.Count == 0 ? $"{World.Engines.Count} process(es) started" : string.Join("; ", exits.Select(e => e.ExitDescription())));
    }

    public async ValueTask DisposeAsync()
    {
        await _production.CancelAsync();
        if (_producing is not null)
        {
            try
            {
                await _producing;
            }
            catch (OperationCanceledException)
            {
            }
            catch (InvalidOperationException)
            {
                // production failures surface through the checks (records not acknowledged are not committed)
            }
        }

        await Progress.DisposeAsync();
        Feeder.Dispose();
        World.Dispose();
        _production.Dispose();
    }
}
