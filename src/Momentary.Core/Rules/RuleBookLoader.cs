using Momentary.Core.Venues;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Momentary.Core.Rules;

/// <summary>
/// Validates and compiles a rules file (format: <c>docs/rules.md</c>). All errors are collected in one pass and
/// reported as <c>file:line:column: problem (hint)</c>. The file is data only: nothing in it is executed.
/// </summary>
public static class RuleBookLoader
{
    /// <summary>Reads, validates and compiles <paramref name="path"/>.</summary>
    /// <exception cref="RuleFileException">The file is invalid; every error is listed.</exception>
    public static RuleBook Load(string path, IReadOnlyDictionary<string, Venue> venues)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (IOException ex)
        {
            throw new RuleFileException([new RuleError(path, 1, 1, $"cannot read the rules file: {ex.Message}")]);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new RuleFileException([new RuleError(path, 1, 1, $"cannot read the rules file: {ex.Message}")]);
        }

        return Parse(text, path, venues);
    }

    /// <summary>Validates and compiles rules from text.</summary>
    /// <exception cref="RuleFileException">The text is invalid; every error is listed.</exception>
    public static RuleBook Parse(string yaml, string source, IReadOnlyDictionary<string, Venue> venues) =>
        TryParse(yaml, source, venues, out var book, out var errors) ? book! : throw new RuleFileException(errors);

    /// <summary>Validates and compiles rules from text without throwing.</summary>
    public static bool TryParse(string yaml, string source, IReadOnlyDictionary<string, Venue> venues, out RuleBook? book, out IReadOnlyList<RuleError> errors)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        ArgumentNullException.ThrowIfNull(venues);
        book = null;

        // File.ReadAllText drops a byte-order mark; text from elsewhere may still start with one.
        if (yaml.StartsWith('\uFEFF'))
        {
            yaml = yaml[1..];
        }

        // What the representation model cannot load without dying (a stack overflow) or throwing something else
        // than a syntax error is caught first, located, on the event stream.
        if (YamlGuard.Check(yaml, source) is { } unsafeYaml)
        {
            errors = [unsafeYaml];
            return false;
        }

        var reader = new YamlNodeReader(source);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException ex)
        {
            errors = [new RuleError(source, (int)ex.Start.Line, (int)ex.Start.Column, "not valid YAML: " + FirstLine(ex.Message))];
            return false;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            errors = [new RuleError(source, 1, 1, $"not valid YAML ({ex.GetType().Name}: {FirstLine(ex.Message)})")];
            return false;
        }

        try
        {
            return RuleFileReader.TryRead(stream, reader, source, venues, out book, out errors);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Last resort: a shape of document the checks above did not foresee is a located error (the file's start,
            // as the failing node is unknown), never an exception out of 'rules validate' or the reload timer.
            book = null;
            errors = [.. reader.Errors, new RuleError(source, 1, 1, $"the rules file could not be read ({ex.GetType().Name}: {FirstLine(ex.Message)})")];
            return false;
        }
    }

    private static string FirstLine(string message)
    {
        var nl = message.IndexOf('\n', StringComparison.Ordinal);
        return nl < 0 ? message : message[..nl];
    }
}
