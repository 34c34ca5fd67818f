namespace Momentary.Chaos.Observation;

/// <summary>One look at the group: when, how much of the input is committed, how much is produced, the lag.</summary>
internal readonly record struct ProgressSample(DateTimeOffset At, long Committed, long Produced, long Lag);
