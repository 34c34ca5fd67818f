namespace Momentary.Core.Rules;

/// <summary>A rules file failed validation. <see cref="Exception.Message"/> lists every error, one per line.</summary>
public sealed class RuleFileException : Exception
{
    public RuleFileException(IReadOnlyList<RuleError> errors)
        : base(Format(errors)) => Errors = errors;

    public RuleFileException()
        : this([])
    {
    }

    public RuleFileException(string message)
        : base(message) => Errors = [];

    public RuleFileException(string message, Exception innerException)
        : base(message, innerException) => Errors = [];

    /// <summary>Every error found, in file order.</summary>
    public IReadOnlyList<RuleError> Errors { get; }

    private static string Format(IReadOnlyList<RuleError> errors) =>
        errors.Count == 0 ? "invalid rules file" : $"invalid rules file ({errors.Count} error(s)):{Environment.NewLine}{string.Join(Environment.NewLine, errors)}";
}
