namespace Momentary.Testing.Telemetry;

/// <summary>One exported metric point: its tags, its value (sum of a counter or histogram, last value of a gauge), a histogram's count and bucket bounds.</summary>
public sealed record ExportedPoint(IReadOnlyDictionary<string, string> Tags, double Value, long Count, double[] Bounds)
{
    /// <summary>The value of tag <paramref name="key"/>, or <c>null</c>.</summary>
    public string? Tag(string key) => Tags.TryGetValue(key, out var value) ? value : null;
}
