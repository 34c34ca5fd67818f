namespace Momentary.Chaos.Verification;

/// <summary>Final customer states of a world against the reference's: how many customers differ, and in which state fields.</summary>
internal sealed record StateComparison(int Customers, int Differ, int MissingInWorld, int ExtraInWorld, IReadOnlyDictionary<string, int> ByField, IReadOnlyList<string> Examples, IReadOnlyList<(string Customer, string? Reference, string? Actual)> Differences)
{
    public static StateComparison Compare(StateSnapshot reference, StateSnapshot actual)
    {
        int differ = 0, missing = 0, extra = 0;
        var byField = new Dictionary<string, int>(StringComparer.Ordinal);
        var examples = new List<string>();
        var differences = new List<(string, string?, string?)>();
        foreach (var (customer, expected) in reference.States)
        {
            var got = actual.States.GetValueOrDefault(customer);
            if (string.Equals(expected, got, StringComparison.Ordinal))
            {
                continue;
            }

            differ++;
            differences.Add((customer, expected, got));
            if (got is null)
            {
                missing++;
                continue;
            }

            if (expected is null)
            {
                extra++;
                continue;
            }

            var fields = got.StartsWith('{') && expected.StartsWith('{') ? FieldsThatDiffer(expected, got) : ["(undecodable)"];
            foreach (var field in fields)
            {
                byField[field] = byField.GetValueOrDefault(field) + 1;
            }

            if (examples.Count < 3)
            {
                examples.Add($"{customer}: {string.Join(", ", fields)}");
            }
        }

        return new StateComparison(reference.States.Count, differ, missing, extra, byField, examples, differences);
    }

    public override string ToString() =>
        $"{Differ} of {Customers} customers differ ({MissingInWorld} without state, {ExtraInWorld} with state the reference lacks)"
        + (ByField.Count > 0 ? "; fields: " + string.Join(", ", ByField.OrderByDescending(f => f.Value).Select(f => $"{f.Key} {f.Value}")) : string.Empty)
        + (Examples.Count > 0 ? "; e.g. " + string.Join("; ", Examples) : string.Empty);

    /// <summary>Writes every difference as NDJSON (customer, reference state, this world's state) for inspection; ids are synthetic.</summary>
    public void WriteTo(string path)
    {
        using var w = File.CreateText(path);
        foreach (var (customer, reference, actual) in Differences)
        {
            w.WriteLine($"{{\"customer\":\"{customer}\",\"reference\":{reference ?? "null"},\"actual\":{actual ?? "null"}}}");
        }
    }

    private static List<string> FieldsThatDiffer(string expected, string actual)
    {
        var e = StateSnapshot.Fields(expected);
        var a = StateSnapshot.Fields(actual);
        return [.. e.Keys.Union(a.Keys).Where(k => !string.Equals(e.GetValueOrDefault(k), a.GetValueOrDefault(k), StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }
}
