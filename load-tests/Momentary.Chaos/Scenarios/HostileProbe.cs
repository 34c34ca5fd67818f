using Momentary.Chaos.Input;
using Momentary.Chaos.Observation;
using Momentary.Chaos.Processes;
using Momentary.Chaos.Verification;
using Momentary.Chaos.Worlds;

namespace Momentary.Chaos.Scenarios;

/// <summary>
/// Feeds the hostile categories one at a time to one engine, so each is judged on its own: a record that crashes
/// the engine crash-loops it (the next start meets the same record), which would hide what every later category
/// does. After a crash the probe continues in a fresh world.
/// </summary>
internal static class HostileProbe
{
    private static readonly TimeSpan PerCategory = TimeSpan.FromSeconds(30);

    public static async Task<IReadOnlyList<ProbeOutcome>> RunAsync(ScenarioContext ctx, ChaosInput input, CancellationToken ct)
    {
        var outcomes = new List<ProbeOutcome>();
        World? world = null;
        var worlds = 0;
        try
        {
            foreach (var category in HostileRecords.Categories)
            {
                var records = input.Records.Where(r => r.Hostile == category).ToList();
                if (records.Count == 0)
                {
                    continue;
                }

                if (world is null)
                {
                    world = await World.StartAsync(ctx.Binary, ctx.Spec($"hostile-probe-{++worlds}", ctx.Input), ctx.Log);
                    var first = world.StartEngine();
                    if (!await first.WaitRunningAsync(TimeSpan.FromSeconds(90), ct))
                    {
                        throw new InvalidOperationException($"the probe's engine did not start: {first.ExitDescription()}");
                    }
                }

                var engine = world.Running.Single();
                using var feeder = new InputFeeder(world.Kafka.BootstrapServers, world.Topics);
                await feeder.ProduceAsync(records, perSecond: null, ct);
                var placement = feeder.Placement();
                var deadline = DateTimeOffset.UtcNow + PerCategory;
                while (engine.IsRunning && DateTimeOffset.UtcNow < deadline && world.Monitor.Position().Lag > 0)
                {
                    await Task.Delay(250, ct);
                }

                // A crash may come just after the commit of the batch before the poison record.
                await engine.Process.WaitForExitAsync(TimeSpan.FromSeconds(1));
                if (!engine.IsRunning)
                {
                    outcomes.Add(new ProbeOutcome(category, records.Count, 0, 0, engine.ExitDescription()));
                    world.Dispose();
                    world = null;
                    continue;
                }

                var dead = TopicReader.ReadToEnd(world.Kafka.BootstrapServers, world.Topics.DeadLetter, world.Kafka.Partitions, TimeSpan.FromMinutes(1)).Records
                    .Select(DeadLetterRecord.From)
                    .Select(d => d.Source is { } s ? placement.IndexAt(s.Topic, s.Partition, s.Offset) : null)
                    .OfType<int>()
                    .Distinct()
                    .Count();
                var stuck = world.Monitor.Position().Lag;
                outcomes.Add(new ProbeOutcome(category, records.Count, dead, records.Count - dead - (int)stuck, stuck > 0 ? $"still {stuck} uncommitted after {PerCategory.TotalSeconds:0} s" : null));
                ctx.Log.WriteLine($"  [hostile-probe] {outcomes[^1]}");
            }
        }
        finally
        {
            world?.Dispose();
        }

        return outcomes;
    }
}
