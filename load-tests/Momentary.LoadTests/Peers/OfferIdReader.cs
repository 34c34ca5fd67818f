using System.Diagnostics;
using Confluent.Kafka;
using Momentary.Core.Offers;

namespace Momentary.LoadTests.Peers;

/// <summary>Reads every offer id on a topic, from its start, until nothing has arrived for a while.</summary>
internal static class OfferIdReader
{
    public static HashSet<string> ReadAll(string bootstrap, string topic, TimeSpan idle)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        using var consumer = new ConsumerBuilder<byte[]?, byte[]>(new ConsumerConfig { BootstrapServers = bootstrap, GroupId = "offer-ids-" + Guid.NewGuid().ToString("N"), AutoOffsetReset = AutoOffsetReset.Earliest, EnableAutoCommit = false, FetchWaitMaxMs = 5 }).SetLogHandler((_, _) => { }).Build();
        consumer.Subscribe(topic);
        var quiet = Stopwatch.StartNew();
        while (quiet.Elapsed < idle)
        {
            if (consumer.Consume(TimeSpan.FromMilliseconds(100))?.Message is { } message)
            {
                ids.Add(OfferCodec.Decode(message.Value).OfferId);
                quiet.Restart();
            }
        }

        consumer.Close();
        return ids;
    }
}
