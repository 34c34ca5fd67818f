namespace Momentary.Chaos.Input;

/// <summary>
/// The seeded input of a run: records in production order, and the check-ins among them as context NDJSON (loaded
/// before the engines start, so a friend's check-in counts the same whichever topic is read first).
/// </summary>
internal sealed record ChaosInput(IReadOnlyList<InputRecord> Records, string CheckInsNdjson)
{
    public int Count => Records.Count;

    public int HostileCount => Records.Count(r => r.IsHostile);

    /// <summary>
    /// This input with <paramref name="hostile"/> records mixed in at seeded positions after the first 5% (so a
    /// duplicate of an early signal's id comes after its original); good records keep their order.
    /// </summary>
    public ChaosInput Mix(IReadOnlyList<InputRecord> hostile, int seed)
    {
        var rng = new Random(seed);
        var slots = new SortedDictionary<int, List<InputRecord>>();
        foreach (var h in hostile)
        {
            var at = rng.Next(Records.Count / 20, Records.Count + 1);
            if (!slots.TryGetValue(at, out var list))
            {
                slots[at] = list = [];
            }

            list.Add(h);
        }

        var mixed = new List<InputRecord>(Records.Count + hostile.Count);
        for (var i = 0; i <= Records.Count; i++)
        {
            if (slots.TryGetValue(i, out var list))
            {
                // A hostile record takes the event time of its neighbour, so record timestamps stay in order.
                var ts = Records[Math.Min(i, Records.Count - 1)].Timestamp;
                mixed.AddRange(list.Select(h => h with { Timestamp = ts }));
            }

            if (i < Records.Count)
            {
                mixed.Add(Records[i]);
            }
        }

        return this with { Records = [.. mixed.Select((r, i) => r with { Index = i })] };
    }
}
