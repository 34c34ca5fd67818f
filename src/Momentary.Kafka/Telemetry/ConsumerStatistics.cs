using System.Globalization;
using System.Text.Json;

namespace Momentary.Kafka.Telemetry;

/// <summary>
/// Reads librdkafka's statistics JSON (emitted every <c>statistics.interval.ms</c>; fields in librdkafka's
/// STATISTICS.md): the lag of each partition the consumer fetches. Partitions it does not fetch (<c>fetch_state</c>
/// <c>none</c> or <c>stopped</c>), the internal partition -1 and unknown lags (-1) are left out.
/// </summary>
internal static class ConsumerStatistics
{
    /// <summary>The lags in <paramref name="json"/>; empty for malformed statistics (they are telemetry, never a failure).</summary>
    public static IReadOnlyList<PartitionLag> Lags(string json)
    {
        var lags = new List<PartitionLag>();
        try
        {
            using var document = JsonDocument.Parse(json);
            if (!document.RootElement.TryGetProperty("topics", out var topics) || topics.ValueKind != JsonValueKind.Object)
            {
                return lags;
            }

            foreach (var topic in topics.EnumerateObject())
            {
                if (!topic.Value.TryGetProperty("partitions", out var partitions) || partitions.ValueKind != JsonValueKind.Object)
                {
                    continue;
                }

                foreach (var partition in partitions.EnumerateObject())
                {
                    if (Lag(topic.Name, partition) is { } lag)
                    {
                        lags.Add(lag);
                    }
                }
            }
        }
        catch (JsonException)
        {
            lags.Clear();
        }

        return lags;
    }

    private static PartitionLag? Lag(string topic, JsonProperty partition)
    {
        if (!int.TryParse(partition.Name, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) || number < 0)
        {
            return null;
        }

        var p = partition.Value;
        if (p.TryGetProperty("fetch_state", out var state) && state.GetString() is "none" or "stopped")
        {
            return null;
        }

        return p.TryGetProperty("consumer_lag", out var lag) && lag.TryGetInt64(out var value) && value >= 0
            ? new PartitionLag(topic, number, value)
            : null;
    }
}
