namespace Momentary.Core.Rules;

/// <summary>
/// Chooses which fired rules become offers: highest priority first (rule id breaks ties, so the choice is
/// deterministic); at most one exclusive (non-stackable) offer; stackable offers may join it up to the
/// per-signal maximum.
/// </summary>
public static class Arbiter
{
    /// <summary>Orders <paramref name="fired"/> in place and appends the chosen candidates to <paramref name="chosen"/>.</summary>
    public static void Choose(List<OfferCandidate> fired, int maxPerSignal, List<OfferCandidate> chosen)
    {
        ArgumentNullException.ThrowIfNull(fired);
        ArgumentNullException.ThrowIfNull(chosen);
        if (fired.Count > 1)
        {
            fired.Sort(static (a, b) => b.Priority != a.Priority ? b.Priority.CompareTo(a.Priority) : string.CompareOrdinal(a.RuleId, b.RuleId));
        }

        var exclusiveTaken = false;
        foreach (var candidate in fired)
        {
            if (chosen.Count >= maxPerSignal)
            {
                return;
            }

            if (!candidate.Stackable)
            {
                if (exclusiveTaken)
                {
                    continue;
                }

                exclusiveTaken = true;
            }

            chosen.Add(candidate);
        }
    }
}
