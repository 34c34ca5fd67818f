using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace Momentary.Core.Rules;

/// <summary>
/// Walks a YAML text's event stream once, without building nodes, and reports — located — what YamlDotNet's
/// representation model cannot load safely. Its loader recurses once per nesting level and hashes mapping keys
/// deeply, so nesting thousands of levels deep, or an alias inside the collection it names (<c>? &amp;a [*a]</c>), ends
/// in a stack overflow, which no handler can catch: the process dies. A key without a value (<c>a:\n : b }</c>) makes
/// it throw <see cref="ArgumentException"/> instead of a syntax error. The parser's own exceptions, of any type,
/// become located errors here too.
/// </summary>
internal static class YamlGuard
{
    /// <summary>The deepest nesting of mappings and sequences accepted. A rules file needs about six levels.</summary>
    public const int MaxDepth = 64;

    /// <summary>The first problem that makes <paramref name="yaml"/> unsafe to load, or <c>null</c>.</summary>
    public static RuleError? Check(string yaml, string source)
    {
        var parser = new Parser(new StringReader(yaml));
        var open = new List<Collection>();
        var documents = 0;
        try
        {
            while (parser.MoveNext())
            {
                var e = parser.Current!;
                switch (e)
                {
                    case DocumentStart when ++documents > 1:
                        return At(source, e.Start, "the rules file must be one YAML document", "remove the '---' separator and what follows, or merge the documents");
                    case MappingStart or SequenceStart:
                        Child(open, e);
                        if (open.Count == MaxDepth)
                        {
                            return At(source, e.Start, $"nesting deeper than {MaxDepth} levels");
                        }

                        var anchor = ((NodeEvent)e).Anchor;
                        open.Add(new Collection(e is MappingStart, anchor.IsEmpty ? null : anchor.Value));
                        break;
                    case MappingEnd or SequenceEnd when open.Count > 0:
                        var closed = open[^1];
                        open.RemoveAt(open.Count - 1);
                        if (closed.IsMapping && closed.Children % 2 == 1)
                        {
                            return At(source, closed.LastKey, "a key without a value", "write 'key: value'; quote a key that starts with ':'");
                        }

                        break;
                    case AnchorAlias alias:
                        foreach (var c in open)
                        {
                            if (c.Anchor == alias.Value.Value)
                            {
                                return At(source, e.Start, $"the alias '*{alias.Value.Value}' is inside the collection it refers to", "a rules file cannot hold a cycle");
                            }
                        }

                        Child(open, e);
                        break;
                    case Scalar:
                        Child(open, e);
                        break;
                }
            }
        }
        catch (YamlException ex)
        {
            return At(source, ex.Start, "not valid YAML: " + FirstLine(ex.Message));
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // YamlDotNet throws more than YamlException on some malformed input (InvalidOperationException from its
            // scanner, ArgumentException for bad tags and anchors): still a syntax error, located at the last event read.
            return At(source, parser.Current?.End ?? Mark.Empty, $"not valid YAML after this point ({ex.GetType().Name}: {FirstLine(ex.Message)})");
        }

        return null;
    }

    private static void Child(List<Collection> open, ParsingEvent e)
    {
        if (open.Count > 0)
        {
            var parent = open[^1];
            if (parent.IsMapping && parent.Children % 2 == 0)
            {
                parent.LastKey = e.Start;
            }

            parent.Children++;
        }
    }

    private static RuleError At(string source, Mark mark, string problem, string? hint = null) =>
        new(source, (int)Math.Clamp(mark.Line, 1, int.MaxValue), (int)Math.Clamp(mark.Column, 1, int.MaxValue), problem, hint);

    private static string FirstLine(string message)
    {
        var nl = message.IndexOf('\n', StringComparison.Ordinal);
        return nl < 0 ? message : message[..nl];
    }

    private sealed class Collection(bool isMapping, string? anchor)
    {
        public bool IsMapping { get; } = isMapping;

        public string? Anchor { get; } = anchor;

        public int Children { get; set; }

        public Mark LastKey { get; set; } = Mark.Empty;
    }
}
