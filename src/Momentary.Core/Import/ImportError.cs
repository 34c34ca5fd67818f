namespace Momentary.Core.Import;

/// <summary>A line that could not be imported. The problem never quotes the line (it may hold personal data).</summary>
public sealed record ImportError(long Line, string Problem)
{
    /// <summary><c>line N: problem</c>.</summary>
    public override string ToString() => $"line {Line}: {Problem}";
}
