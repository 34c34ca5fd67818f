namespace Momentary.Core.Rules;

/// <summary>
/// Chooses which fired rules become offers: highest priority first, then highest expected value (propensity ×
/// offer value), then rule id, so the choice is deterministic; at most one exclusive (non-stackable) offer;
/// stackable offers may join it up to the per-signal maximum.
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
            fired.Sort(Compare);
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

    private static int Compare(OfferCandidate a, OfferCandidate b)
    {
        if (a.Priority != b.Priority)
        {
            return b.Priority.CompareTo(a.Priority);
        }

        var ev = b.ExpectedValue.CompareTo(a.ExpectedValue);
        return ev != 0 ? ev : string.CompareOrdinal(a.RuleId, b.RuleId);
    }
}
