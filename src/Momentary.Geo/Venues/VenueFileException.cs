namespace Momentary.Geo.Venues;

/// <summary>A venues file is unreadable or invalid. The message names the file, the feature (0-based) and the problem.</summary>
public sealed class VenueFileException : Exception
{
    /// <summary>A located problem: <c>source: feature N: problem</c>.</summary>
    public VenueFileException(string source, int? featureIndex, string problem)
        : base(featureIndex is { } i ? $"{source}: feature {i}: {problem}" : $"{source}: {problem}")
    {
        Source = source;
        FeatureIndex = featureIndex;
        Problem = problem;
    }

    /// <summary>An exception without a message (prefer the located one).</summary>
    public VenueFileException()
    {
    }

    /// <summary>An exception with an unlocated message.</summary>
    public VenueFileException(string message)
        : base(message)
    {
    }

    /// <summary>As <see cref="VenueFileException(string)"/>, caused by <paramref name="innerException"/>.</summary>
    public VenueFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The file (or source name) that failed.</summary>
    public new string? Source { get; }

    /// <summary>0-based index of the offending feature; <c>null</c> for file-level problems.</summary>
    public int? FeatureIndex { get; }

    /// <summary>What is wrong, without the location prefix.</summary>
    public string? Problem { get; }
}
