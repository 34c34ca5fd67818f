namespace Momentary.Chaos.Verification;

/// <summary>
/// A world's offers against the reference's, by <c>offerId</c>: missing ones (lost), ones the reference never
/// issued, ones whose bytes differ, and repeated ids (the only duplicate at-least-once delivery allows).
/// </summary>
internal sealed record OfferComparison(int Expected, int Distinct, int Records, int Missing, int Unexpected, int DifferentBytes, int Duplicates, IReadOnlyList<string> Examples)
{
    public bool Matches => Missing == 0 && Unexpected == 0 && DifferentBytes == 0;

    public static OfferComparison Compare(IReadOnlyList<OfferRecord> reference, IReadOnlyList<OfferRecord> actual)
    {
        var expected = new Dictionary<string, OfferRecord>(StringComparer.Ordinal);
        foreach (var o in reference)
        {
            expected.TryAdd(o.OfferId, o);
        }

        var seen = actual.GroupBy(o => o.OfferId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var missing = expected.Values.Where(o => !seen.ContainsKey(o.OfferId)).ToList();
        var unexpected = seen.Where(s => !expected.ContainsKey(s.Key)).Select(s => s.Value[0]).ToList();
        var different = actual.Where(o => expected.TryGetValue(o.OfferId, out var e) && !e.Value.AsSpan().SequenceEqual(o.Value)).ToList();
        var examples = missing.Take(3).Select(o => $"missing {o.OfferId} ({o.CustomerId}, {o.RuleId})")
            .Concat(unexpected.Take(3).Select(o => $"unexpected {o.OfferId} ({o.CustomerId}, {o.RuleId})"))
            .Concat(different.Take(3).Select(o => $"different bytes {o.OfferId} ({o.CustomerId}, {o.RuleId})"))
            .ToList();
        return new OfferComparison(expected.Count, seen.Count, actual.Count, missing.Count, unexpected.Count, different.Count, actual.Count - seen.Count, examples);
    }

    public override string ToString() =>
        $"{Distinct} distinct of {Expected} expected ({Records} records): {Missing} missing, {Unexpected} unexpected, {DifferentBytes} with different bytes, {Duplicates} repeated"
        + (Examples.Count > 0 ? "; e.g. " + string.Join("; ", Examples) : string.Empty);
}
