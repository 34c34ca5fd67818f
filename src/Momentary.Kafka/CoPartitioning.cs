using Confluent.Kafka;

namespace Momentary.Kafka;

/// <summary>
/// The contract that makes tasks possible (docs/contracts.md, "Partitioning"): every signal topic has the same
/// partition count, and producers key each record by customer id with the same partitioner, so partition N of every
/// topic holds the same customers. Checked once at start-up from the brokers' metadata.
/// </summary>
public static class CoPartitioning
{
    /// <summary>Fails with a message naming every topic and its partition count unless all of <paramref name="topics"/> exist with one partition count.</summary>
    /// <param name="client">Any client of the cluster (its metadata is read through it).</param>
    /// <param name="topics">The co-partitioned input topics.</param>
    /// <param name="timeout">How long the metadata request may take.</param>
    /// <returns>The common partition count.</returns>
    /// <exception cref="CoPartitioningException">A topic is missing or the counts differ.</exception>
    /// <exception cref="KafkaException">The metadata could not be read (no broker reachable).</exception>
    public static int Verify(IClient client, IReadOnlyCollection<string> topics, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(topics);
        using var admin = new DependentAdminClientBuilder(client.Handle).Build();
        var counts = new List<(string Topic, int? Partitions)>();
        foreach (var topic in topics)
        {
            var metadata = admin.GetMetadata(topic, timeout).Topics.SingleOrDefault(t => t.Topic == topic);
            counts.Add((topic, metadata is null || metadata.Error.IsError || metadata.Partitions.Count == 0 ? null : metadata.Partitions.Count));
        }

        var missing = counts.Where(c => c.Partitions is null).Select(c => c.Topic).ToList();
        if (missing.Count > 0)
        {
            throw new CoPartitioningException($"signal topic(s) {string.Join(", ", missing)} do not exist; create every signal topic with the same partition count (docs/contracts.md, \"Partitioning\")");
        }

        var distinct = counts.Select(c => c.Partitions!.Value).Distinct().ToList();
        if (distinct.Count > 1)
        {
            throw new CoPartitioningException($"the signal topics are not co-partitioned: {string.Join(", ", counts.Select(c => $"{c.Topic} has {c.Partitions}"))} partitions; every signal topic needs the same partition count, so that partition N of each holds the same customers (docs/contracts.md, \"Partitioning\")");
        }

        return distinct.Count == 0 ? 0 : distinct[0];
    }
}
