using System.Text;
using System.Text.Json;
using Momentary.Testing;

namespace Momentary.Contracts.Tests.Support;

/// <summary>The JSON examples a reader copies: the <c>```json</c> blocks of docs/contracts.md and each schema's <c>examples</c>.</summary>
internal static class DocExamples
{
    /// <summary>Every JSON value in a <c>```json</c> block of docs/contracts.md (a block may hold several, one after another).</summary>
    public static IReadOnlyList<string> InContractsDoc()
    {
        var values = new List<string>();
        var lines = File.ReadAllLines(RepoFiles.Path("docs", "contracts.md"));
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim() != "```json")
            {
                continue;
            }

            var block = new StringBuilder();
            while (++i < lines.Length && lines[i].Trim() != "```")
            {
                block.AppendLine(lines[i]);
            }

            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(block.ToString()), new JsonReaderOptions { AllowMultipleValues = true });
            while (reader.Read())
            {
                using var doc = JsonDocument.ParseValue(ref reader);
                values.Add(doc.RootElement.GetRawText());
            }
        }

        return values;
    }

    /// <summary>The <c>examples</c> of each schema in contracts/, by schema name.</summary>
    public static IEnumerable<(string Schema, string Json)> InSchemas()
    {
        foreach (var name in ContractSchemas.Names)
        {
            using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(ContractSchemas.Directory, name + ".schema.json")));
            if (doc.RootElement.TryGetProperty("examples", out var examples))
            {
                foreach (var example in examples.EnumerateArray())
                {
                    yield return (name, example.GetRawText());
                }
            }
        }
    }
}
