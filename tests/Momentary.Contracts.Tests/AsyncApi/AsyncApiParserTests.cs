using Momentary.Testing.Traits;
using Momentary.Testing;
using Momentary.Testing.Node;
using Xunit.Abstractions;

namespace Momentary.Contracts.Tests.AsyncApi;

/// <summary>
/// contracts/asyncapi.yaml passes the AsyncAPI parser (npm @asyncapi/parser, run by contracts/validate): the AsyncAPI 3
/// JSON Schema, every $ref resolved into the schema files, and the parser's rules, with no error or warning.
/// </summary>
[Trait(Needs.Trait, Needs.Node)]
public sealed class AsyncApiParserTests(ITestOutputHelper output)
{
    private static readonly string Validator = RepoFiles.Path("contracts", "validate");

    [NodeFact]
    public void AsyncApi_Document_PassesTheAsyncApiParserWithoutErrorsOrWarnings()
    {
        NodePackages.EnsureInstalled(Validator);

        var (exit, text) = NodePackages.Run("node", ["validate.mjs"], Validator, TimeSpan.FromMinutes(2));

        output.WriteLine(text);
        Assert.True(exit == 0, text);
        Assert.Contains("contracts/asyncapi.yaml: AsyncAPI 3.", text, StringComparison.Ordinal);
        Assert.Contains("; 0 errors or warnings", text, StringComparison.Ordinal);
    }

    [NodeFact]
    public void Validator_DocumentWithoutATitleOrWithADanglingReference_Fails()
    {
        NodePackages.EnsureInstalled(Validator);
        var document = Path.Combine(Path.GetTempPath(), $"momentary-asyncapi-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(document, """
            asyncapi: 3.0.0
            info: { version: "1" }
            channels:
              offers:
                address: momentary.offers.v1
                messages:
                  offer: { payload: { $ref: './no-such.schema.json' } }
            operations:
              send: { action: send, channel: { $ref: '#/channels/nope' } }
            """);
        try
        {
            var (exit, text) = NodePackages.Run("node", ["validate.mjs", document], Validator, TimeSpan.FromMinutes(2));

            output.WriteLine(text);
            Assert.Equal(1, exit);
            Assert.Contains("must have required property \"title\"", text, StringComparison.Ordinal);
            Assert.Contains("'#/channels/nope' does not exist", text, StringComparison.Ordinal);
            Assert.Contains("no-such.schema.json", text, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(document);
        }
    }
}
