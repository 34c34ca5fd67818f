namespace Momentary.Host.Engine;

/// <summary>The rules file the engine runs on, as operators see it.</summary>
/// <param name="Path">The file.</param>
/// <param name="Rules">How many rules it holds.</param>
/// <param name="Hash">SHA-256 of the file's bytes, hex (first 12 characters): which version is in force.</param>
/// <param name="LoadedAt">When it was loaded.</param>
internal sealed record RulesInForce(string Path, int Rules, string Hash, DateTimeOffset LoadedAt)
{
    /// <summary>The file's text as loaded (what the marketers' page describes; the file on disk may have changed since).</summary>
    public string Text { get; init; } = string.Empty;
}
