namespace Momentary.Core.Context;

/// <summary>
/// What one recent location signal changed: the fences it entered and exited. Kept in the state so that a
/// replay of the same signal (reprocessing after a crash, before its offset was committed) re-derives the same
/// facts instead of seeing its own effects, and so re-issues the same offer.
/// </summary>
/// <param name="SignalId">The signal's id.</param>
/// <param name="Entered">Venue ids it entered.</param>
/// <param name="Exited">Venue ids it exited.</param>
public sealed record SignalMark(string SignalId, IReadOnlyList<string> Entered, IReadOnlyList<string> Exited);
