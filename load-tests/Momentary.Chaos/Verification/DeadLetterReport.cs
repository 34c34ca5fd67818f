using Momentary.Chaos.Input;

namespace Momentary.Chaos.Verification;

/// <summary>
/// The dead-letter topic mapped back to the input through each dead letter's source coordinates
/// (<c>momentary.source.topic/partition/offset</c> → where the feeder's record landed): which hostile records made
/// it, with which reason, and whether any good record was dead-lettered.
/// </summary>
internal sealed record DeadLetterReport(IReadOnlyList<CategoryTally> Categories, int GoodDeadLettered, IReadOnlyDictionary<string, int> GoodKinds, int WithoutSource, int Repeated)
{
    public bool AllHostileDeadLettered => Categories.All(c => c.Complete);

    public static DeadLetterReport Build(ChaosInput input, InputPlacement placement, IReadOnlyList<DeadLetterRecord> deadLetters)
    {
        var seen = new HashSet<int>();
        var kinds = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var reasoned = new Dictionary<string, int>(StringComparer.Ordinal);
        var unchanged = new Dictionary<string, int>(StringComparer.Ordinal);
        var goodKinds = new Dictionary<string, int>(StringComparer.Ordinal);
        int good = 0, withoutSource = 0, repeated = 0;
        foreach (var dl in deadLetters)
        {
            if (dl.Source is not { } source || placement.IndexAt(source.Topic, source.Partition, source.Offset) is not { } index)
            {
                withoutSource++;
                continue;
            }

            if (!seen.Add(index))
            {
                repeated++; // dead-lettered again after a replay: allowed, like a repeated offer
                continue;
            }

            var record = input.Records[index];
            var kind = dl.Kind ?? "(no reason)";
            if (record.Hostile is not { } category)
            {
                good++;
                goodKinds[kind] = goodKinds.GetValueOrDefault(kind) + 1;
                continue;
            }

            var perKind = kinds.TryGetValue(category, out var k) ? k : kinds[category] = new Dictionary<string, int>(StringComparer.Ordinal);
            perKind[kind] = perKind.GetValueOrDefault(kind) + 1;
            if (dl.Kind is not null)
            {
                reasoned[category] = reasoned.GetValueOrDefault(category) + 1;
            }

            if (dl.Preserves(record.Key, record.Value))
            {
                unchanged[category] = unchanged.GetValueOrDefault(category) + 1;
            }
        }

        var tallies = input.Records.Where(r => r.IsHostile).GroupBy(r => r.Hostile!, StringComparer.Ordinal)
            .Select(g => new CategoryTally(
                g.Key,
                g.Count(),
                g.Count(r => seen.Contains(r.Index)),
                reasoned.GetValueOrDefault(g.Key),
                unchanged.GetValueOrDefault(g.Key),
                kinds.GetValueOrDefault(g.Key) ?? []))
            .OrderBy(t => t.Category, StringComparer.Ordinal)
            .ToList();
        return new DeadLetterReport(tallies, good, goodKinds, withoutSource, repeated);
    }
}
