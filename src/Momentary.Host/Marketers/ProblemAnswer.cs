namespace Momentary.Host.Marketers;

/// <summary>A refused request: a one-line problem and, for a broken rules file, its located errors (<c>file:line:column: problem</c>).</summary>
internal sealed record ProblemAnswer(string Problem, IReadOnlyList<string> Errors);
