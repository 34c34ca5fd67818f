namespace Momentary.Redis.Resilience;

/// <summary>What readiness reports about the context store.</summary>
public enum ContextStoreStatus
{
    /// <summary>The last call succeeded.</summary>
    Healthy,

    /// <summary>Calls are failing transiently and being retried; signals wait, none is skipped.</summary>
    Degraded,
}
