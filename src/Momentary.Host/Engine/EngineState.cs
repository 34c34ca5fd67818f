namespace Momentary.Host.Engine;

/// <summary>The engine's lifecycle as the readiness endpoint reports it.</summary>
public sealed class EngineState
{
    private volatile string _status = "starting";

    /// <summary><c>starting</c>, <c>running</c>, <c>draining</c> or <c>failed</c>.</summary>
    public string Status => _status;

    public void MarkRunning() => _status = "running";

    public void MarkDraining() => _status = "draining";

    public void MarkFailed() => _status = "failed";
}
