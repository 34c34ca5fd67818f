namespace Momentary.Kafka;

/// <summary>What a task consumer knows about its own health, for readiness and liveness.</summary>
/// <param name="Started">Whether the poll loop has started.</param>
/// <param name="Closed">Whether the consumer has closed (drained, or failed).</param>
/// <param name="BrokersReachable">False while librdkafka reports every broker down (or a transport failure) and no fetch has answered since.</param>
/// <param name="LastError">The last client error, for operators (librdkafka's reason; no secrets).</param>
/// <param name="Tasks">Tasks (partition numbers) assigned now.</param>
/// <param name="Unassigned">How long the consumer has had no task (since it started or lost its last); zero while it has some.</param>
/// <param name="SinceLastPoll">How long ago the poll loop last polled.</param>
public readonly record struct ConsumerHealth(bool Started, bool Closed, bool BrokersReachable, string? LastError, int Tasks, TimeSpan Unassigned, TimeSpan SinceLastPoll)
{
    /// <summary>A consumer not created yet.</summary>
    public static ConsumerHealth NotStarted { get; } = new(false, false, true, null, 0, TimeSpan.Zero, TimeSpan.Zero);
}
