using Momentary.Core.Rules;

namespace Momentary.Core.Tests.Rules;

public sealed class RuleBookLoaderTests
{
    [Fact]
    public void Parse_SeveralProblems_ReportsEveryOneWithLineAndColumn()
    {
        const string yaml = """
            version: 1
            rules:
              - id: a
                trigger: { enter: { venue: nowhere } }
                offer: { message: "hi {name}", percent: 20, validFor: 3 hours }
              - id: a
                tigger: { enter: { venue: aurora } }
                offer: { message: "x", validFor: 1h }
            """;

        var ex = Assert.Throws<RuleFileException>(() => RuleBookLoader.Parse(yaml, "r.yaml", RuleBookTests.Venues));

        Assert.Contains(ex.Errors, e => e is { Line: 4, Problem: "unknown venue 'nowhere'" });
        Assert.Contains(ex.Errors, e => e.Line == 5 && e.Problem.Contains("unknown placeholder {name}", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e.Line == 5 && e.Problem.Contains("not a duration", StringComparison.Ordinal) && e.Hint!.Contains("3h", StringComparison.Ordinal));
        Assert.Contains(ex.Errors, e => e is { Line: 6, Problem: "duplicate rule id 'a'" });
        Assert.Contains(ex.Errors, e => e.Line == 7 && e.Problem == "unknown field 'tigger' in rule 'a'" && e.Hint == "did you mean 'trigger'?");
        Assert.All(ex.Errors, e => Assert.StartsWith("r.yaml:", e.ToString(), StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_UnknownFieldInATriggerKind_HintsWhatIsAllowed_NeverAnEmptyList()
    {
        const string yaml = "version: 1\nrules:\n  - id: x\n    trigger: { priceCheck: { colour: red } }\n    offer: { message: m, validFor: 1h }\n";
        var error = Assert.Single(Assert.Throws<RuleFileException>(() => RuleBookLoader.Parse(yaml, "r.yaml", RuleBookTests.Venues)).Errors);
        Assert.Equal((4, "unknown field 'colour' in the priceCheck trigger of rule 'x'"), (error.Line, error.Problem));
        Assert.False(string.IsNullOrWhiteSpace(error.Hint));
        Assert.DoesNotMatch(@":\s*$", error.Hint);
    }

    [Fact]
    public void Parse_InvalidYaml_ReportsLocation()
    {
        var ex = Assert.Throws<RuleFileException>(() => RuleBookLoader.Parse("version: 1\nrules: [\n  - id: x\n", "bad.yaml", RuleBookTests.Venues));
        var error = Assert.Single(ex.Errors);
        Assert.StartsWith("not valid YAML", error.Problem, StringComparison.Ordinal);
        Assert.True(error.Line >= 2);
    }

    [Fact]
    public void Parse_MissingVersion_IsAnError()
    {
        var ex = Assert.Throws<RuleFileException>(() => RuleBookLoader.Parse("rules: []\n", "r.yaml", RuleBookTests.Venues));
        Assert.Contains(ex.Errors, e => e.Problem.Contains("'version'", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("3h", 3 * 60)]
    [InlineData("14d", 14 * 24 * 60)]
    [InlineData("2w", 14 * 24 * 60)]
    [InlineData("90m", 90)]
    public void DurationText_ValidText_Parses(string text, int minutes)
    {
        Assert.True(DurationText.TryParse(text, out var d));
        Assert.Equal(TimeSpan.FromMinutes(minutes), d);
    }

    [Theory]
    [InlineData("")]
    [InlineData("3")]
    [InlineData("h")]
    [InlineData("-3h")]
    [InlineData("1.5h")]
    [InlineData("0d")]
    [InlineData("3 hours")]
    public void DurationText_InvalidText_IsRejected(string text) => Assert.False(DurationText.TryParse(text, out _));
}
