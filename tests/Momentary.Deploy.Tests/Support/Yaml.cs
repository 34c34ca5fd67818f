using Momentary.Testing;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Momentary.Deploy.Tests.Support;

/// <summary>YAML files of deploy/ as node trees (compose's merge keys resolved), with small navigation helpers.</summary>
internal static class Yaml
{
    /// <summary>Every document of <paramref name="relativePath"/> (repository-relative).</summary>
    public static IReadOnlyList<YamlMappingNode> Documents(string relativePath)
    {
        using var reader = File.OpenText(RepoFiles.Path(relativePath.Split('/')));
        var stream = new YamlStream();
        stream.Load(new MergingParser(new Parser(reader)));
        return [.. stream.Documents.Select(d => d.RootNode).OfType<YamlMappingNode>()];
    }

    public static YamlNode? At(this YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out node!))
            {
                return null;
            }
        }

        return node;
    }

    public static string? Text(this YamlNode node, params string[] path) => (node.At(path) as YamlScalarNode)?.Value;

    public static YamlMappingNode Map(this YamlNode node, params string[] path) =>
        node.At(path) as YamlMappingNode ?? throw new KeyNotFoundException(string.Join('.', path));

    public static IEnumerable<YamlNode> Items(this YamlNode node, params string[] path) => node.At(path) is YamlSequenceNode seq ? seq.Children : [];

    public static IEnumerable<(string Key, YamlNode Value)> Entries(this YamlNode node, params string[] path) =>
        node.At(path) is YamlMappingNode map ? map.Children.Select(c => (((YamlScalarNode)c.Key).Value!, c.Value)) : [];

    /// <summary>Every scalar below <paramref name="node"/>, depth first.</summary>
    public static IEnumerable<string> Scalars(this YamlNode node) => node switch
    {
        YamlScalarNode s => [s.Value ?? string.Empty],
        YamlMappingNode m => m.Children.SelectMany(c => Scalars(c.Key).Concat(Scalars(c.Value))),
        YamlSequenceNode q => q.Children.SelectMany(Scalars),
        _ => [],
    };
}
