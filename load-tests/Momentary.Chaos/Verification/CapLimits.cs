namespace Momentary.Chaos.Verification;

/// <summary>The caps the rules impose: per customer per rule within a window, and per customer per hour across rules.</summary>
internal sealed record CapLimits(int PerCustomerPerRule, TimeSpan Window, int PerCustomerPerHour)
{
    /// <summary>
    /// Caps exceeded in <paramref name="offers"/>: each offer id counted once, at the time of its first record
    /// (close to when the engine reserved the cap; the engine counts caps on its processing clock).
    /// </summary>
    public IReadOnlyList<string> Violations(IReadOnlyList<OfferRecord> offers)
    {
        var distinct = offers.GroupBy(o => o.OfferId, StringComparer.Ordinal).Select(g => g.MinBy(o => o.RecordTime)!).ToList();
        var violations = new List<string>();
        foreach (var perRule in distinct.GroupBy(o => (o.CustomerId, o.RuleId)))
        {
            if (MostWithin(perRule, Window) is var n && n > PerCustomerPerRule)
            {
                violations.Add($"{perRule.Key.CustomerId} got {n} offers of {perRule.Key.RuleId} within {Window.TotalHours:0.#} h (cap {PerCustomerPerRule})");
            }
        }

        foreach (var perCustomer in distinct.GroupBy(o => o.CustomerId, StringComparer.Ordinal))
        {
            if (MostWithin(perCustomer, TimeSpan.FromHours(1)) is var n && n > PerCustomerPerHour)
            {
                violations.Add($"{perCustomer.Key} got {n} offers within an hour (cap {PerCustomerPerHour})");
            }
        }

        return violations;
    }

    private static int MostWithin(IEnumerable<OfferRecord> offers, TimeSpan window)
    {
        var times = offers.Select(o => o.RecordTime).Order().ToList();
        var most = 0;
        for (int start = 0, end = 0; end < times.Count; end++)
        {
            while (times[end] - times[start] >= window)
            {
                start++;
            }

            most = Math.Max(most, end - start + 1);
        }

        return most;
    }
}
