namespace Momentary.Host.Engine;

/// <summary>The engine's lifecycle as the readiness endpoint reports it; written by the engine service only.</summary>
public sealed class EngineState
{
    private volatile int _status = (int)EngineStatus.Starting;

    /// <summary>The current status.</summary>
    public EngineStatus Status => (EngineStatus)_status;

    /// <summary>Consuming and processing.</summary>
    public void MarkRunning() => _status = (int)EngineStatus.Running;

    /// <summary>Stopping: draining in-flight work.</summary>
    public void MarkDraining() => _status = (int)EngineStatus.Draining;

    /// <summary>Stopped by a failure.</summary>
    public void MarkFailed() => _status = (int)EngineStatus.Failed;
}
