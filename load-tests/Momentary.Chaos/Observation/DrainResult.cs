namespace Momentary.Chaos.Observation;

/// <summary>How a backlog drain went: whether it finished, the engine's rate while it worked, and the engine restarts it took.</summary>
/// <param name="SignalsPerSecond">From the engine's own processed-signals counter, first processed to last; null when a restart reset the counter.</param>
internal sealed record DrainResult(bool Drained, double? SignalsPerSecond, TimeSpan Elapsed, IReadOnlyList<string> Crashes);
