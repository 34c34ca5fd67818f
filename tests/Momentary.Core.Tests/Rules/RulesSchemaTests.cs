using System.Text.Json;
using Momentary.Core.Rules;

namespace Momentary.Core.Tests.Rules;

/// <summary>The editor schema (docs/rules.schema.json) names exactly the fields the loader accepts.</summary>
public sealed class RulesSchemaTests
{
    private static readonly JsonElement Schema = LoadSchema();

    [Fact]
    public void Schema_Triggers_AreTheLoadersTriggers()
    {
        // The loader lists what it supports when a trigger names two events.
        const string yaml = "version: 1\nrules:\n  - id: x\n    trigger: { enter: { venue: aurora }, exit: { venue: aurora } }\n    offer: { message: m, validFor: 1h }\n";
        var hint = Assert.Single(Assert.Throws<RuleFileException>(() => RuleBookLoader.Parse(yaml, "s.yaml", RuleBookTests.Venues)).Errors).Hint!;
        var loader = hint["supported: ".Length..].Split(", ").Order(StringComparer.Ordinal);

        Assert.Equal(loader, Names(Rule.GetProperty("properties").GetProperty("trigger")));
    }

    [Theory]
    [InlineData("when", "the conditions of rule 'x'")]
    [InlineData("offer", "the offer of rule 'x'")]
    public void Schema_Sections_AcceptNoFieldTheLoaderRejects(string section, string what)
    {
        foreach (var field in Names(Rule.GetProperty("properties").GetProperty(section)))
        {
            var yaml = $"version: 1\nrules:\n  - id: x\n    trigger: {{ sedentary: {{ minutes: 5 }} }}\n    {section}: {{ {field}: ~ }}\n" + (section == "offer" ? string.Empty : "    offer: { message: m, validFor: 1h }\n");
            RuleBookLoader.TryParse(yaml, "s.yaml", RuleBookTests.Venues, out _, out var errors);
            Assert.DoesNotContain(errors, e => e.Problem == $"unknown field '{field}' in {what}");
        }
    }

    private static JsonElement Rule => Schema.GetProperty("$defs").GetProperty("rule");

    private static IEnumerable<string> Names(JsonElement obj) => obj.GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal);

    private static JsonElement LoadSchema()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "docs", "rules.schema.json");
            if (File.Exists(path))
            {
                return JsonDocument.Parse(File.ReadAllText(path)).RootElement.Clone();
            }
        }

        throw new FileNotFoundException("docs/rules.schema.json not found above " + AppContext.BaseDirectory);
    }
}
