using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;

namespace Momentary.Kafka.Telemetry;

/// <summary>The latest lag each live consumer reported, read by the lag gauge whenever metrics are collected.</summary>
internal sealed class ConsumerLagRegistry
{
    private readonly ConcurrentDictionary<object, (string Group, IReadOnlyList<PartitionLag> Lags)> _byConsumer = new(ReferenceEqualityComparer.Instance);

    /// <summary>Replaces what <paramref name="consumer"/> reported; <c>null</c> forgets it (closed).</summary>
    public void Report(object consumer, IReadOnlyList<PartitionLag>? lags, string group = "")
    {
        if (lags is null)
        {
            _byConsumer.TryRemove(consumer, out _);
        }
        else
        {
            _byConsumer[consumer] = (group, lags);
        }
    }

    public IEnumerable<Measurement<long>> Observe()
    {
        foreach (var (_, (group, lags)) in _byConsumer)
        {
            foreach (var lag in lags)
            {
                yield return new Measurement<long>(
                    lag.Lag,
                    new KeyValuePair<string, object?>("messaging.system", "kafka"),
                    new KeyValuePair<string, object?>("messaging.destination.name", lag.Topic),
                    new KeyValuePair<string, object?>("messaging.destination.partition.id", lag.Partition.ToString(CultureInfo.InvariantCulture)),
                    new KeyValuePair<string, object?>("messaging.consumer.group.name", group));
            }
        }
    }
}
