using Momentary.Chaos.Observation;
using Momentary.Chaos.Worlds;

namespace Momentary.Chaos.Verification;

/// <summary>What a world ended with: the offer, control and dead-letter topics read to their end, the group's final position, every customer's state.</summary>
internal sealed record WorldOutcome(
    string World,
    IReadOnlyList<OfferRecord> Offers,
    IReadOnlyList<OfferRecord> Control,
    int Unparsable,
    IReadOnlyList<DeadLetterRecord> DeadLetters,
    GroupPosition Final,
    StateSnapshot States,
    IReadOnlyList<string> Truncations)
{
    public static async Task<WorldOutcome> CaptureAsync(World world, IReadOnlyList<string> customerIds)
    {
        var final = world.Monitor.Position();
        var timeout = TimeSpan.FromMinutes(2);
        var partitions = world.Kafka.Partitions;
        var offers = TopicReader.ReadToEnd(world.Kafka.BootstrapServers, world.Topics.Offers, partitions, timeout);
        var control = TopicReader.ReadToEnd(world.Kafka.BootstrapServers, world.Topics.Control, partitions, timeout);
        var dead = TopicReader.ReadToEnd(world.Kafka.BootstrapServers, world.Topics.DeadLetter, partitions, timeout);
        var parsedOffers = offers.Records.Select(OfferRecord.From).ToList();
        var parsedControl = control.Records.Select(OfferRecord.From).ToList();
        var truncations = new[] { offers, control, dead }
            .SelectMany(t => t.Truncated.Select(x => $"{t.Topic}[{x.Partition}] starts at offset {x.LowWatermark}"))
            .ToList();
        return new WorldOutcome(
            world.Name,
            [.. parsedOffers.OfType<OfferRecord>()],
            [.. parsedControl.OfType<OfferRecord>()],
            parsedOffers.Count(o => o is null) + parsedControl.Count(o => o is null),
            [.. dead.Records.Select(DeadLetterRecord.From)],
            final,
            await StateSnapshot.CaptureAsync(world.RedisConfiguration, customerIds),
            truncations);
    }
}
