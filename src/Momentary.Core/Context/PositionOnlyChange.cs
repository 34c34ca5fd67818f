namespace Momentary.Core.Context;

/// <summary>
/// Whether a customer's new state differs from the one last written to the store only in where they are, while
/// they are outside every fence: the last fix (<see cref="CustomerState.LastSeen"/>, <see cref="CustomerState.LastLatitude"/>,
/// <see cref="CustomerState.LastLongitude"/>) and marks of signals that crossed no fence. Such a change may wait
/// (docs/context-store.md, "Position-only changes wait"): outside every fence no rule reads the stored fix (a dwell
/// trigger reads the last-seen time, but only inside a fence, so a stay's pings are written), and every other field
/// — stays, visits, transitions, exposures, routines, propensities, heart rates — is written as before. Compared by
/// reference: the processor keeps a field's instance when it did not change.
/// </summary>
internal static class PositionOnlyChange
{
    /// <summary>Every property of <see cref="CustomerState"/> the check accounts for (a guard test holds it to the state's own).</summary>
    internal static readonly string[] Covered =
    [
        nameof(CustomerState.LastSeen), nameof(CustomerState.LastLatitude), nameof(CustomerState.LastLongitude), nameof(CustomerState.RecentSignals),
        nameof(CustomerState.InsideVenues), nameof(CustomerState.LastVisits), nameof(CustomerState.Routines), nameof(CustomerState.Propensities),
        nameof(CustomerState.Exposures), nameof(CustomerState.HeartRates),
    ];

    /// <summary>
    /// True when <paramref name="next"/> is <paramref name="written"/> with a newer fix taken less than
    /// <paramref name="interval"/> after the written one, outside every fence, and nothing else changed but
    /// transition-free marks.
    /// </summary>
    public static bool Holds(CustomerState written, CustomerState next, TimeSpan interval)
    {
        if (written.LastSeen is not { } writtenAt || next.LastSeen is not { } nextAt || nextAt < writtenAt || nextAt - writtenAt >= interval)
        {
            return false;
        }

        return next.InsideVenues.Count == 0
            && ReferenceEquals(written.InsideVenues, next.InsideVenues)
            && ReferenceEquals(written.LastVisits, next.LastVisits)
            && ReferenceEquals(written.Routines, next.Routines)
            && ReferenceEquals(written.Propensities, next.Propensities)
            && ReferenceEquals(written.Exposures, next.Exposures)
            && ReferenceEquals(written.HeartRates, next.HeartRates)
            && OnlyQuietMarksAdded(written.RecentSignals, next.RecentSignals);
    }

    // Every transition mark in next is one the written state holds (the same instance): the signals added since
    // crossed no fence (a replay of one re-derives "no transition" from the stays, which did not change).
    private static bool OnlyQuietMarksAdded(RecentMarks written, RecentMarks next)
    {
        var (held, fresh) = (written.Transitions, next.Transitions);
        if (ReferenceEquals(held, fresh))
        {
            return true;
        }

        foreach (var mark in fresh)
        {
            var found = false;
            foreach (var old in held)
            {
                if (ReferenceEquals(old, mark))
                {
                    found = true;
                    break;
                }
            }

            if (!found)
            {
                return false;
            }
        }

        return true;
    }
}
