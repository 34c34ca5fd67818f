namespace Momentary.Core.Signals;

/// <summary>
/// A decoded, validated signal. Contract v1 is documented in <c>docs/contracts.md</c>; the Kafka record key
/// is <see cref="CustomerId"/>, so all signals of one customer share a partition and stay in order.
/// </summary>
public abstract record Signal
{
    /// <summary>Producer-assigned unique id; part of the deterministic offer id, so replays re-create the same offer.</summary>
    public required string Id { get; init; }

    /// <summary>The customer the signal is about. Never logged.</summary>
    public required string CustomerId { get; init; }

    /// <summary>When the signal happened (event time), as reported by the device.</summary>
    public required DateTimeOffset Timestamp { get; init; }

    /// <summary>The signal's family.</summary>
    public abstract SignalKind Kind { get; }
}
