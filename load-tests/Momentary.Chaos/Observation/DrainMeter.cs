using System.Globalization;
using Momentary.Chaos.Processes;
using Momentary.Chaos.Worlds;

namespace Momentary.Chaos.Observation;

/// <summary>
/// Runs one engine over a produced backlog until the group has committed all of it, reading the engine's
/// <c>momentary_pipeline_signals_total</c> every 250 ms for its throughput. An engine that exits by itself is
/// recorded and replaced (up to <c>maxRestarts</c>), so a crash-looping engine shows as a figure, not a hang.
/// </summary>
internal static class DrainMeter
{
    public static async Task<DrainResult> RunAsync(World world, RunProgress progress, long expected, TimeSpan timeout, int maxRestarts, CancellationToken ct)
    {
        var engine = world.StartEngine();
        var started = DateTimeOffset.UtcNow;
        var crashes = new List<string>();
        (DateTimeOffset At, long Count)? first = null;
        (DateTimeOffset At, long Count)? last = null;
        while (DateTimeOffset.UtcNow - started < timeout)
        {
            if (world.Kafka.Failure is { } failure)
            {
                throw new InvalidOperationException($"world {world.Name}: {failure}");
            }

            if (!engine.IsRunning)
            {
                await engine.Process.Exited;
                crashes.Add(string.Create(CultureInfo.InvariantCulture, $"{engine.ExitDescription()} at {progress.Fraction:P0} committed"));
                if (crashes.Count > maxRestarts)
                {
                    break;
                }

                engine = world.StartEngine();
            }

            if (await engine.SignalsProcessedAsync(ct) is { } count)
            {
                var now = DateTimeOffset.UtcNow;
                if (count > 0 && first is null)
                {
                    first = (now, count);
                }

                if (count > 0 && (last is null || count > last.Value.Count))
                {
                    last = (now, count);
                }
            }

            if (progress.Latest is { Lag: 0 } s && s.Committed >= expected)
            {
                return new DrainResult(true, Rate(first, last, crashes), DateTimeOffset.UtcNow - started, crashes);
            }

            await Task.Delay(250, ct);
        }

        return new DrainResult(false, null, DateTimeOffset.UtcNow - started, crashes);
    }

    private static double? Rate((DateTimeOffset At, long Count)? first, (DateTimeOffset At, long Count)? last, List<string> crashes) =>
        crashes.Count == 0 && first is { } f && last is { } l && l.At > f.At ? (l.Count - f.Count) / (l.At - f.At).TotalSeconds : null;
}
