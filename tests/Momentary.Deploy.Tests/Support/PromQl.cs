using System.Text.RegularExpressions;

namespace Momentary.Deploy.Tests.Support;

/// <summary>The metric names a PromQL expression reads (functions, aggregations, label matchers and grouping removed).</summary>
internal static partial class PromQl
{
    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "sum", "avg", "min", "max", "count", "stddev", "stdvar", "topk", "bottomk", "quantile", "count_values", "group",
        "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and", "or", "unless", "offset",
    };

    public static IEnumerable<string> MetricNames(string expression)
    {
        var text = LabelMatchers().Replace(expression, " ");
        text = Grouping().Replace(text, " ");
        text = Ranges().Replace(text, " ");
        return Identifiers().Matches(text)
            .Where(m => !(m.Index + m.Length < text.Length && text[m.Index + m.Length] == '(')) // a function call
            .Select(m => m.Value)
            .Where(n => !Keywords.Contains(n))
            .Distinct(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"\{[^}]*\}")]
    private static partial Regex LabelMatchers();

    [GeneratedRegex(@"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\[[^\]]*\]")]
    private static partial Regex Ranges();

    [GeneratedRegex(@"\b[a-zA-Z_:][a-zA-Z0-9_:]*\b")]
    private static partial Regex Identifiers();
}
