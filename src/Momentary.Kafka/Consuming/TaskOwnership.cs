namespace Momentary.Kafka.Consuming;

/// <summary>Where a task stands with its consumer.</summary>
internal enum TaskOwnership
{
    /// <summary>Assigned: records flow and completed offsets are stored.</summary>
    Active,

    /// <summary>Revoked, draining: no more records flow; offsets of work already handed out are still stored.</summary>
    Revoking,

    /// <summary>Released or lost: completed offsets are no longer stored (the next owner reprocesses that work).</summary>
    Gone,
}
