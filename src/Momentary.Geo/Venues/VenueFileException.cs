namespace Momentary.Geo.Venues;

/// <summary>A venues file is unreadable or invalid. The message names the file, the feature (0-based) and the problem.</summary>
public sealed class VenueFileException : Exception
{
    public VenueFileException(string source, int? featureIndex, string problem)
        : base(featureIndex is { } i ? $"{source}: feature {i}: {problem}" : $"{source}: {problem}")
    {
        Source = source;
        FeatureIndex = featureIndex;
        Problem = problem;
    }

    public VenueFileException()
    {
    }

    public VenueFileException(string message)
        : base(message)
    {
    }

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
