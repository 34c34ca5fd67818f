namespace Momentary.Core.Context;

/// <summary>
/// What one recent location signal that crossed a fence changed: the fences it entered and exited. Kept in the state
/// (<see cref="RecentMarks"/>) so that a replay of the same signal (reprocessing after a crash, before its offset was
/// committed) re-derives the same facts instead of seeing its own effects, and so re-issues the same offer.
/// </summary>
/// <param name="Id">The signal's id as <see cref="RecentMarks.IdOf"/> hashes it.</param>
/// <param name="Entered">Venue ids it entered.</param>
/// <param name="Exited">Venue ids it exited.</param>
public sealed record SignalMark(ulong Id, IReadOnlyList<string> Entered, IReadOnlyList<string> Exited);
