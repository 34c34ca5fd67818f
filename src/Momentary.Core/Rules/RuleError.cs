namespace Momentary.Core.Rules;

/// <summary>One problem found in a rules file, located precisely enough for an editor to jump to it.</summary>
/// <param name="File">The rules file as given.</param>
/// <param name="Line">1-based line.</param>
/// <param name="Column">1-based column.</param>
/// <param name="Problem">What is wrong.</param>
/// <param name="Hint">How to fix it, when there is a useful hint.</param>
public sealed record RuleError(string File, int Line, int Column, string Problem, string? Hint = null)
{
    /// <summary><c>file:line:column: problem (hint)</c>, the format compilers use, so editors and CI annotate it.</summary>
    public override string ToString() => Hint is null ? $"{File}:{Line}:{Column}: {Problem}" : $"{File}:{Line}:{Column}: {Problem} ({Hint})";
}
