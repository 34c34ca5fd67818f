using Momentary.Testing;
using Momentary.Testing.Node;
using Momentary.Testing.Traits;
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
        var (exit, text) = NodePackages.Check(Validator);

        output.WriteLine(text);
        Assert.True(exit == 0, text);
        Assert.Contains("contracts/asyncapi.yaml: AsyncAPI 3.", text, StringComparison.Ordinal);
        Assert.Contains("; 0 errors or warnings", text, StringComparison.Ordinal);
    }

    [NodeFact]
    public void Validator_DocumentWithoutATitleOrWithADanglingReference_Fails()
    {
        var (exit, text) = NodePackages.CheckText(Validator, """
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

        output.WriteLine(text);
        Assert.Equal(1, exit);
        Assert.Contains("must have required property \"title\"", text, StringComparison.Ordinal);
        Assert.Contains("'#/channels/nope' does not exist", text, StringComparison.Ordinal);
        Assert.Contains("no-such.schema.json", text, StringComparison.Ordinal);
    }
}
