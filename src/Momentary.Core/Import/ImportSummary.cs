namespace Momentary.Core.Import;

/// <summary>The outcome of a context import.</summary>
public sealed record ImportSummary(long Lines, long Profiles, long Friendships, long CheckIns, IReadOnlyList<ImportError> Errors)
{
    /// <summary>Records written (profiles, friendships and check-ins).</summary>
    public long Imported => Profiles + Friendships + CheckIns;

    /// <summary>One line for a person: what was read, imported and skipped.</summary>
    public override string ToString() =>
        $"{Lines} line(s): {Profiles} profile(s), {Friendships} friendship(s), {CheckIns} check-in(s) imported; {Errors.Count} line(s) skipped";
}
