namespace Momentary.Host.Engine;

/// <summary>Where the engine is in its life, as readiness reports it.</summary>
internal enum EngineStatus
{
    /// <summary>Loading files, connecting, claiming tasks: not ready yet.</summary>
    Starting,

    /// <summary>Consuming and processing: ready.</summary>
    Running,

    /// <summary>Stopping: fetching stopped, in-flight work finishing and being committed.</summary>
    Draining,

    /// <summary>Stopped by a failure (start-up or stream); the process exits non-zero.</summary>
    Failed,
}
