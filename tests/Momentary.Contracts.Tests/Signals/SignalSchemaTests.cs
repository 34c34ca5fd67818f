using System.Text.Json;
using Momentary.Contracts.Tests.Support;
using Momentary.Core.Signals;
using Momentary.Testing;
using Xunit.Abstractions;

namespace Momentary.Contracts.Tests.Signals;

/// <summary>The signal schemas and the decoder (SignalCodec, the authority) agree on what a signal may contain.</summary>
public sealed class SignalSchemaTests(ITestOutputHelper output)
{
    private const int Generated = 1000;

    [Fact]
    public void Examples_InTheContractsDocAndInTheSchemas_PassTheirSchemasAndTheirReaders()
    {
        var doc = DocExamples.InContractsDoc();
        var inSchemas = DocExamples.InSchemas().ToList();

        foreach (var (json, i) in doc.Select((j, i) => (j, i)))
        {
            ContractMessages.AssertValid(json, $"docs/contracts.md example {i + 1}");
        }

        foreach (var (schema, json) in inSchemas)
        {
            Assert.Contains(schema, ContractMessages.AssertValid(json, $"example of {schema}"));
        }

        Assert.True(doc.Count >= 8, $"only {doc.Count} examples found in docs/contracts.md");
        Assert.True(inSchemas.Count >= ContractSchemas.Names.Count, "every schema carries an example");
        output.WriteLine($"examples: {doc.Count} in docs/contracts.md, {inSchemas.Count} in the schemas; all pass their schemas and readers");
    }

    [Fact]
    public void GeneratedSignals_EncodedByTheCodec_PassTheDecoderAndEverySchemaOfTheirKind()
    {
        var checkedSchemas = 0;
        foreach (var (signal, i) in SignalVariants.Create(Generated).Select((s, i) => (s, i)))
        {
            var bytes = SignalCodec.Encode(signal);
            Assert.True(SignalCodec.TryDecode(bytes, out _, out var error), $"variant {i}: {error?.Kind} {error?.Message}");
            checkedSchemas += ContractMessages.AssertValid(System.Text.Encoding.UTF8.GetString(bytes), $"variant {i}").Count;
        }

        output.WriteLine($"generated: {Generated} signals through SignalCodec.Encode, {checkedSchemas} schema checks, all valid");
    }

    [Fact]
    public void DecoderCorpus_EveryRecordTheDecoderRejects_IsRejectedBySchemaUnlessOnlyTheDecoderCan()
    {
        var tally = new Dictionary<string, int>(StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var entry in HostileCorpus.Records)
        {
            var (kind, reason) = SchemaVerdict.Judge(ContractSchemas.Signal, entry.Value, entry.Error);
            var line = entry.Accepted ? (kind == SchemaVerdict.Kind.Valid ? "valid" : null)
                : kind switch
                {
                    SchemaVerdict.Kind.Rejected => "rejected by the schema",
                    SchemaVerdict.Kind.NotJson => "only the decoder: " + reason,
                    SchemaVerdict.Kind.DecoderOnly when reason is not null => "only the decoder: " + reason,
                    _ => null,
                };
            if (line is null)
            {
                failures.Add($"{entry.Source}: decoder {(entry.Accepted ? "accepts" : "rejects (" + entry.Error!.Kind + ")")}, schema says {kind}");
                continue;
            }

            tally[line] = tally.GetValueOrDefault(line) + 1;
        }

        foreach (var (line, count) in tally.OrderBy(t => t.Key, StringComparer.Ordinal))
        {
            output.WriteLine($"{count,4}  {line}");
        }

        Assert.True(failures.Count == 0, "schema and decoder disagree without a documented reason:\n" + string.Join("\n", failures));
        Assert.True(tally.GetValueOrDefault("rejected by the schema") >= 50, "the corpus lost its invalid records");
        Assert.True(tally.GetValueOrDefault("valid") >= 5, "the corpus lost its valid records");
    }

    [Fact]
    public void DecoderOnlyReasons_AreListedInTheContractsDoc()
    {
        var doc = File.ReadAllText(RepoFiles.Path("docs", "contracts.md"));
        string[] reasons = [SchemaVerdict.DuplicateProperty, SchemaVerdict.TimestampRange, SchemaVerdict.IntegerSpelling, SchemaVerdict.Utf16Length, SchemaVerdict.NotJsonText];

        Assert.All(reasons, r => Assert.Contains(r, doc, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"v":1.0,"kind":"wearable","id":"a","customerId":"c","ts":"2026-11-24T10:30:00Z"}""", SchemaVerdict.IntegerSpelling)]
    [InlineData("""{"kind":"wearable","id":"a","customerId":"c","ts":"2026-11-24T10:30:00Z","steps":1e3}""", SchemaVerdict.IntegerSpelling)]
    [InlineData("""{"kind":"wearable","id":"a","customerId":"c","ts":"2026-02-30T10:30:00Z"}""", SchemaVerdict.TimestampRange)]
    public void DecoderOnlyProbes_TheSchemaAcceptsWhatTheDecoderRejects_ForTheListedReason(string json, string reason)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(json);
        Assert.False(SignalCodec.TryDecode(bytes, out _, out var error));

        Assert.Equal((SchemaVerdict.Kind.DecoderOnly, reason), SchemaVerdict.Judge(ContractSchemas.Signal, bytes, error));
    }

    [Fact]
    public void DecoderOnlyProbe_AnIdOfAstralCharacters_IsTooLongOnlyForTheDecoder()
    {
        var id = string.Concat(Enumerable.Repeat("😀", 200)); // 200 characters, 400 UTF-16 code units
        var bytes = JsonSerializer.SerializeToUtf8Bytes(new { kind = "wearable", id, customerId = "c", ts = "2026-11-24T10:30:00Z" });
        Assert.False(SignalCodec.TryDecode(bytes, out _, out var error));

        Assert.Equal((SchemaVerdict.Kind.DecoderOnly, SchemaVerdict.Utf16Length), SchemaVerdict.Judge(ContractSchemas.Signal, bytes, error));
    }
}
