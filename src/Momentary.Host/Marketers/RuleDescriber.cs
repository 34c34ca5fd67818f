using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Momentary.Host.Marketers;

/// <summary>
/// Puts the rules in force into words for the page, from the text of the file the engine loaded (already validated:
/// this only reads it as YAML nodes, never executes or binds anything). Keys are spelt as words
/// (<c>overdueBy</c> → <c>overdue by</c>), so a new trigger or condition kind is described without a change here.
/// </summary>
internal static class RuleDescriber
{
    /// <summary>The rules of <paramref name="yaml"/> in file order; empty for an empty or unreadable text.</summary>
    public static IReadOnlyList<RuleView> Describe(string yaml)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(yaml));
        }
        catch (YamlException)
        {
            return [];
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root
            || Child(root, "rules") is not YamlSequenceNode rules)
        {
            return [];
        }

        var views = new List<RuleView>();
        foreach (var rule in rules.OfType<YamlMappingNode>())
        {
            var conditions = Child(rule, "when") is YamlMappingNode when
                ? when.Children.Select(c => Entry(c.Key, c.Value)).ToList()
                : [];
            views.Add(new RuleView(
                Scalar(Child(rule, "id")),
                Scalar(Child(rule, "description")),
                Child(rule, "trigger") is YamlMappingNode trigger ? string.Join("; ", trigger.Children.Select(c => Entry(c.Key, c.Value))) : string.Empty,
                conditions,
                Child(rule, "caps") is { } caps ? Words(caps) : "none",
                Child(rule, "holdout") is { } holdout ? Scalar(holdout) : "none"));
        }

        return views;
    }

    private static YamlNode? Child(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    private static string Scalar(YamlNode? node) => node is YamlScalarNode { Value: { } value } ? value : string.Empty;

    private static string Entry(YamlNode key, YamlNode value)
    {
        var words = Words(value);
        return words.Length == 0 ? Spell(Scalar(key)) : $"{Spell(Scalar(key))}: {words}";
    }

    private static string Words(YamlNode node) => node switch
    {
        YamlScalarNode scalar => scalar.Value ?? string.Empty,
        YamlSequenceNode list => string.Join(" or ", list.Children.Select(Words)),
        YamlMappingNode map => string.Join(", ", map.Children.Select(c => $"{Spell(Scalar(c.Key))} {Words(c.Value)}".TrimEnd())),
        _ => string.Empty,
    };

    // camelCase → words: "perCustomer" → "per customer", "atLeast" → "at least".
    private static string Spell(string key)
    {
        var words = new StringBuilder(key.Length + 4);
        foreach (var c in key)
        {
            if (char.IsUpper(c) && words.Length > 0)
            {
                words.Append(' ');
            }

            words.Append(char.ToLowerInvariant(c));
        }

        return words.ToString();
    }
}
