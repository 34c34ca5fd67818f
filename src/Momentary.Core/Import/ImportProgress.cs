namespace Momentary.Core.Import;

/// <summary>Progress of a context import.</summary>
/// <param name="Lines">Lines read so far.</param>
/// <param name="Imported">Records written.</param>
/// <param name="Skipped">Bad lines skipped.</param>
public readonly record struct ImportProgress(long Lines, long Imported, long Skipped);
