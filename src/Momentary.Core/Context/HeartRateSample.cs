namespace Momentary.Core.Context;

/// <summary>A heart-rate reading kept in the customer's state for exercise triggers (at most one a minute).</summary>
/// <param name="At">Event time of the reading.</param>
/// <param name="Bpm">Beats per minute.</param>
public sealed record HeartRateSample(DateTimeOffset At, int Bpm);
