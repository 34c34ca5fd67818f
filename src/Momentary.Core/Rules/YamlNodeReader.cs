using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace Momentary.Core.Rules;

/// <summary>Reads YAML nodes while collecting located errors, so one pass reports every problem in a file.</summary>
internal sealed class YamlNodeReader(string file)
{
    public List<RuleError> Errors { get; } = [];

    public void Error(YamlNode node, string problem, string? hint = null) =>
        Errors.Add(new RuleError(file, (int)node.Start.Line, (int)node.Start.Column, problem, hint));

    /// <summary>
    /// A distance from 1m to 5km written in metres or kilometres (<c>300m</c>, <c>1.5km</c>), in metres; <c>null</c> when
    /// absent (reported when <paramref name="required"/>) or invalid (reported).
    /// </summary>
    public double? Distance(YamlMappingNode map, string key, string what, bool required)
    {
        var text = Scalar(map, key, what, required);
        if (text is null)
        {
            return null;
        }

        var (number, factor) = text.EndsWith("km", StringComparison.Ordinal) ? (text[..^2], 1000.0)
            : text.EndsWith('m') ? (text[..^1], 1.0)
            : (text, 0.0);
        if (factor == 0 || !double.TryParse(number, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value) || value <= 0 || value * factor > 5000)
        {
            Error(Child(map, key)!, $"'{key}' in {what} is not a distance from 1m to 5km: '{text}'", "write metres or kilometres: 300m, 1.5km");
            return null;
        }

        return value * factor;
    }

    /// <summary>Returns the node as a mapping, reporting unknown keys (with a close match as hint).</summary>
    public YamlMappingNode? Mapping(YamlNode? node, string what, params string[] allowedKeys)
    {
        if (node is null)
        {
            return null;
        }

        if (node is not YamlMappingNode map)
        {
            Error(node, $"{what} must be a mapping");
            return null;
        }

        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? string.Empty;
            if (Array.IndexOf(allowedKeys, name) < 0)
            {
                var close = Closest(name, allowedKeys);
                Error(key, $"unknown field '{name}' in {what}", close is not null ? $"did you mean '{close}'?"
                    : allowedKeys.Length == 0 ? "it takes no fields: write {}"
                    : "allowed: " + string.Join(", ", allowedKeys));
            }
        }

        return map;
    }

    public static YamlNode? Child(YamlMappingNode? map, string key) =>
        map is not null && map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public string? Scalar(YamlMappingNode map, string key, string what, bool required)
    {
        var node = Child(map, key);
        if (node is null)
        {
            if (required)
            {
                Error(map, $"{what} is missing '{key}'");
            }

            return null;
        }

        if (node is not YamlScalarNode { Value: { Length: > 0 } value })
        {
            Error(node, $"'{key}' in {what} must be a non-empty value");
            return null;
        }

        return value;
    }

    public int? Int(YamlMappingNode map, string key, string what, bool required, int min, int max)
    {
        var text = Scalar(map, key, what, required);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            Error(Child(map, key)!, $"'{key}' must be a whole number from {min} to {max}, got '{text}'");
            return null;
        }

        return n;
    }

    public decimal? Decimal(YamlMappingNode map, string key, string what, bool required, decimal min, decimal max)
    {
        var text = Scalar(map, key, what, required);
        if (text is null)
        {
            return null;
        }

        if (!decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var n) || n < min || n > max)
        {
            Error(Child(map, key)!, $"'{key}' must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}, got '{text}'");
            return null;
        }

        return n;
    }

    public TimeSpan? Duration(YamlMappingNode map, string key, string what, bool required)
    {
        var text = Scalar(map, key, what, required);
        if (text is null)
        {
            return null;
        }

        if (!DurationText.TryParse(text, out var d))
        {
            Error(Child(map, key)!, $"'{key}' is not a duration: '{text}'", "write a whole number and a unit: 30s, 15m, 3h, 14d, 2w");
            return null;
        }

        return d;
    }

    public bool? Bool(YamlMappingNode map, string key, string what)
    {
        var text = Scalar(map, key, what, required: false);
        if (text is null)
        {
            return null;
        }

        if (!bool.TryParse(text, out var b))
        {
            Error(Child(map, key)!, $"'{key}' must be true or false, got '{text}'");
            return null;
        }

        return b;
    }

    public string[]? StringList(YamlMappingNode map, string key, string what)
    {
        var node = Child(map, key);
        if (node is null)
        {
            return null;
        }

        if (node is YamlScalarNode { Value: { Length: > 0 } single })
        {
            return [single];
        }

        if (node is not YamlSequenceNode seq || seq.Children.Count == 0)
        {
            Error(node, $"'{key}' in {what} must be a value or a non-empty list");
            return null;
        }

        var list = new List<string>();
        foreach (var item in seq.Children)
        {
            if (item is YamlScalarNode { Value: { Length: > 0 } v })
            {
                list.Add(v);
            }
            else
            {
                Error(item, $"items of '{key}' must be plain values");
            }
        }

        return [.. list];
    }

    internal static string? Closest(string name, string[] candidates)
    {
        string? best = null;
        var bestDistance = 3;
        foreach (var c in candidates)
        {
            var d = Levenshtein(name.ToUpperInvariant(), c.ToUpperInvariant());
            if (d < bestDistance)
            {
                bestDistance = d;
                best = c;
            }
        }

        return best;
    }

    private static int Levenshtein(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                cur[j] = Math.Min(Math.Min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            }

            (prev, cur) = (cur, prev);
        }

        return prev[b.Length];
    }
}
