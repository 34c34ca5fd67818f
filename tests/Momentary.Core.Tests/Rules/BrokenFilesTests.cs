using System.Globalization;
using System.Text.RegularExpressions;
using Momentary.Core.Rules;
using Momentary.Core.Venues;

namespace Momentary.Core.Tests.Rules;

/// <summary>
/// A corpus of broken rules files (Rules/Broken/*.yaml). Each file lists, in <c># expect: LINE:COLUMN text</c>
/// comments, every error it must produce; the loader must report exactly those — all at once, each located.
/// </summary>
public sealed partial class BrokenFilesTests
{
    private static readonly Dictionary<string, Venue> Venues = new()
    {
        ["aurora"] = new("aurora", "Aurora", "fashion"),
        ["freshco"] = new("freshco", "FreshCo", "grocery"),
    };

    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "Rules", "Broken"), "*.yaml").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void BrokenFile_ReportsEveryExpectedErrorAtItsLocation(string name)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Rules", "Broken", name);
        var expected = File.ReadLines(path).Select(l => ExpectPattern().Match(l)).Where(m => m.Success)
            .Select(m => (Line: int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture), Column: int.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture), Text: m.Groups[3].Value.Trim()))
            .ToList();
        Assert.NotEmpty(expected);

        var errors = Assert.Throws<RuleFileException>(() => RuleBookLoader.Load(path, Venues)).Errors;

        var report = string.Join("\n", errors);
        foreach (var (line, column, text) in expected)
        {
            Assert.True(errors.Any(e => e.Line == line && e.Column == column && e.Problem.Contains(text, StringComparison.Ordinal)), $"expected {line}:{column} '{text}' in:\n{report}");
        }

        Assert.True(expected.Count == errors.Count, $"expected {expected.Count} error(s), got:\n{report}");
        Assert.All(errors, e => Assert.StartsWith(path + ":", e.ToString(), StringComparison.Ordinal));
    }

    [GeneratedRegex(@"^# expect: (\d+):(\d+) (.*)$")]
    private static partial Regex ExpectPattern();
}
