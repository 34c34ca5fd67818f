namespace Momentary.Kafka;

/// <summary>Controls a running source: stop fetching, let in-flight work finish and commit, then leave the group.</summary>
public interface IDrainingControl
{
    /// <summary>
    /// Stops fetching, waits until every emitted record's offset has come back through the committer (or
    /// <paramref name="cancellationToken"/> fires), commits, and closes the consumer (leaving the group).
    /// </summary>
    Task DrainAndShutdownAsync(CancellationToken cancellationToken);

    /// <summary>Completes when the consumer has closed; faults if the poll loop failed.</summary>
    Task Closed { get; }

    /// <summary>The consumer's health now (readiness and liveness read it).</summary>
    ConsumerHealth Health { get; }
}
