using Momentary.Host.Reloading;
using Momentary.Kafka;

namespace Momentary.Host.Engine;

/// <summary>
/// The engine's lifecycle as readiness and liveness report it: its status, the consumer's health once it runs, and
/// the rules in force. Written by the engine service only.
/// </summary>
internal sealed class EngineState
{
    private volatile int _status = (int)EngineStatus.Starting;
    private volatile Func<ConsumerHealth>? _consumer;
    private volatile RulesInForce? _rules;
    private volatile ReloadReport? _lastReload;

    /// <summary>The last reload that changed something (applied or rejected); <c>null</c> before any.</summary>
    public ReloadReport? LastReload => _lastReload;

    /// <summary>The current status.</summary>
    public EngineStatus Status => (EngineStatus)_status;

    /// <summary>The consumer's health (<see cref="ConsumerHealth.NotStarted"/> until the engine runs).</summary>
    public ConsumerHealth Consumer => _consumer?.Invoke() ?? ConsumerHealth.NotStarted;

    /// <summary>The rules in force; <c>null</c> until loaded.</summary>
    public RulesInForce? Rules => _rules;

    /// <summary>Consuming and processing, with <paramref name="consumer"/> reporting the consumer's health.</summary>
    public void MarkRunning(Func<ConsumerHealth> consumer)
    {
        _consumer = consumer;
        _status = (int)EngineStatus.Running;
    }

    /// <summary>Stopping: draining in-flight work.</summary>
    public void MarkDraining() => _status = (int)EngineStatus.Draining;

    /// <summary>Stopped by a failure.</summary>
    public void MarkFailed() => _status = (int)EngineStatus.Failed;

    /// <summary>A rules file was loaded (at start or by a reload).</summary>
    public void RulesLoaded(RulesInForce rules) => _rules = rules;

    /// <summary>A changed rules or venues file was applied or rejected.</summary>
    public void Reloaded(ReloadReport report) => _lastReload = report;
}
