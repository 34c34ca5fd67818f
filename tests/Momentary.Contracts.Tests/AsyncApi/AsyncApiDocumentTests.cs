using System.Reflection;
using System.Text.Json;
using Momentary.Contracts.Tests.Support;
using Momentary.Core.Messaging;
using Momentary.Pipeline.Processing;
using YamlDotNet.RepresentationModel;

namespace Momentary.Contracts.Tests.AsyncApi;

/// <summary>contracts/asyncapi.yaml names the code's topics and headers and points only at schemas that exist.</summary>
public sealed class AsyncApiDocumentTests
{
    private static readonly YamlMappingNode Document = Load();

    [Fact]
    public void AsyncApi_Version_IsThree()
    {
        Assert.StartsWith("3.", Scalar(Document, "asyncapi"), StringComparison.Ordinal);
    }

    [Fact]
    public void AsyncApi_ChannelAddresses_AreEveryTopicTheEngineReadsOrWrites()
    {
        var addresses = Map(Document, "channels").Children.Values.Select(c => Scalar((YamlMappingNode)c, "address")).Order(StringComparer.Ordinal);

        Assert.Equal(TopicNames.All.Order(StringComparer.Ordinal), addresses);
    }

    [Fact]
    public void AsyncApi_EveryReference_ResolvesInTheDocumentOrInASchemaBesideIt()
    {
        var refs = References(Document).ToList();
        foreach (var reference in refs)
        {
            var (file, pointer) = reference.Split('#') is [var f, var p] ? (f, p) : (reference, "");
            if (file.Length == 0)
            {
                Assert.True(Resolve(Document, pointer) is not null, $"{reference} does not resolve in asyncapi.yaml");
                continue;
            }

            var path = Path.Combine(ContractSchemas.Directory, file);
            Assert.True(File.Exists(path), $"{reference}: no such file");
            using var schema = JsonDocument.Parse(File.ReadAllText(path));
            var node = schema.RootElement;
            foreach (var part in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                Assert.True(node.TryGetProperty(part, out node), $"{reference} does not resolve");
            }
        }

        Assert.Contains(refs, r => r.StartsWith("./", StringComparison.Ordinal));
    }

    [Fact]
    public void HeaderSchemas_NameExactlyTheHeadersTheCodeWrites()
    {
        Assert.Equal(Constants(typeof(OfferHeaders)), HeaderNames("offer.v1"));
        Assert.Equal(Constants(typeof(Pipeline.Processing.DeadLetters), n => n.EndsWith("Header", StringComparison.Ordinal)), HeaderNames("deadletter.v1"));
    }

    [Fact]
    public void DeadLetterSchema_ErrorKinds_AreTheKindsDocumentedInTheContractsDoc()
    {
        using var schema = JsonDocument.Parse(File.ReadAllText(Path.Combine(ContractSchemas.Directory, "deadletter.v1.schema.json")));
        var kinds = schema.RootElement.GetProperty("$defs").GetProperty("headers").GetProperty("properties").GetProperty("momentary.error.kind").GetProperty("enum").EnumerateArray().Select(k => k.GetString()!);
        var doc = File.ReadAllText(Testing.RepoFiles.Path("docs", "contracts.md"));

        Assert.All(kinds, k => Assert.Contains($"| `{k}` |", doc, StringComparison.Ordinal));
    }

    private static IEnumerable<string> HeaderNames(string schema)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(ContractSchemas.Directory, schema + ".schema.json")));
        return [.. doc.RootElement.GetProperty("$defs").GetProperty("headers").GetProperty("properties").EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal)];
    }

    private static IEnumerable<string> Constants(Type type, Func<string, bool>? nameFilter = null) =>
        type.GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && (nameFilter?.Invoke(f.Name) ?? true))
            .Select(f => (string)f.GetRawConstantValue()!)
            .Order(StringComparer.Ordinal);

    private static IEnumerable<string> References(YamlNode node) => node switch
    {
        YamlMappingNode map => map.Children.SelectMany(c => c.Key is YamlScalarNode { Value: "$ref" } && c.Value is YamlScalarNode v ? [v.Value!] : References(c.Value)),
        YamlSequenceNode seq => seq.Children.SelectMany(References),
        _ => [],
    };

    private static YamlNode? Resolve(YamlNode node, string pointer)
    {
        foreach (var part in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(part), out node!))
            {
                return null;
            }
        }

        return node;
    }

    private static YamlMappingNode Map(YamlMappingNode node, string key) => (YamlMappingNode)node.Children[new YamlScalarNode(key)];

    private static string Scalar(YamlMappingNode node, string key) => ((YamlScalarNode)node.Children[new YamlScalarNode(key)]).Value!;

    private static YamlMappingNode Load()
    {
        var yaml = new YamlStream();
        using var reader = File.OpenText(Path.Combine(ContractSchemas.Directory, "asyncapi.yaml"));
        yaml.Load(reader);
        return (YamlMappingNode)yaml.Documents.Single().RootNode;
    }
}
