namespace Momentary.Core.Rules;

/// <summary>A rules file failed validation. <see cref="Exception.Message"/> lists every error, one per line.</summary>
public sealed class RuleFileException : Exception
{
    /// <summary>The file failed with <paramref name="errors"/>; the message lists them, one per line ("invalid rules file" when empty).</summary>
    public RuleFileException(IReadOnlyList<RuleError> errors)
        : base(Format(errors)) => Errors = errors;

    /// <summary>A rules file failed, without located errors.</summary>
    public RuleFileException()
        : this([])
    {
    }

    /// <summary>A rules file failed, as <paramref name="message"/> says; <see cref="Errors"/> is empty.</summary>
    public RuleFileException(string message)
        : base(message) => Errors = [];

    /// <summary>A rules file failed because of <paramref name="innerException"/>; <see cref="Errors"/> is empty.</summary>
    public RuleFileException(string message, Exception innerException)
        : base(message, innerException) => Errors = [];

    /// <summary>Every error found, in file order.</summary>
    public IReadOnlyList<RuleError> Errors { get; }

    private static string Format(IReadOnlyList<RuleError> errors) =>
        errors.Count == 0 ? "invalid rules file" : $"invalid rules file ({errors.Count} error(s)):{Environment.NewLine}{string.Join(Environment.NewLine, errors)}";
}
