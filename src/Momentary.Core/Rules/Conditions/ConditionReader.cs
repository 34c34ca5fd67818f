using System.Globalization;
using Momentary.Core.Rules.Triggers;
using YamlDotNet.RepresentationModel;

namespace Momentary.Core.Rules.Conditions;

/// <summary>
/// Reads the fields of one rule's <c>when:</c> for the condition kinds, reporting each problem located (through the
/// file's <see cref="YamlNodeReader"/>) in the words of the rules language.
/// </summary>
/// <param name="yaml">The file's reader, which collects the errors.</param>
/// <param name="when">The rule's <c>when:</c> mapping.</param>
/// <param name="what">How errors name the rule: <c>rule 'x'</c>.</param>
/// <param name="settings">The file's settings (declared segments and tiers).</param>
/// <param name="trigger">The kind of the rule's trigger; <c>null</c> when it was invalid (already reported).</param>
internal sealed class ConditionReader(YamlNodeReader yaml, YamlMappingNode when, string what, RuleBookSettings settings, TriggerKind? trigger)
{
    /// <summary>The kind of the rule's trigger; <c>null</c> when it was invalid (already reported).</summary>
    public TriggerKind? Trigger => trigger;

    /// <summary>The file's reader, for fields nested in a condition's own mapping.</summary>
    public YamlNodeReader Yaml => yaml;

    /// <summary>How errors name the rule: <c>rule 'x'</c> (or <c>a rule</c> without an id).</summary>
    public string What => what;

    /// <summary>The file's settings.</summary>
    public RuleBookSettings Settings => settings;

    /// <summary>The value of <paramref name="key"/> in <c>when:</c>; <c>null</c> when absent.</summary>
    public YamlNode? Node(string key) => YamlNodeReader.Child(when, key);

    /// <summary>A value or non-empty list of values; <c>null</c> when absent or invalid (reported).</summary>
    public string[]? List(string key) => yaml.StringList(when, key, $"the conditions of {what}");

    /// <summary>The mapping under <paramref name="key"/>, with only <paramref name="fields"/>; <c>null</c> when absent or not a mapping (reported).</summary>
    public YamlMappingNode? Mapping(string key, string about, params string[] fields) => yaml.Mapping(Node(key), about, fields);

    /// <summary>Reports <paramref name="problem"/> at <paramref name="node"/>.</summary>
    public void Error(YamlNode node, string problem, string? hint = null) => yaml.Error(node, problem, hint);

    /// <summary>
    /// Reports each of <paramref name="used"/> (the value of <paramref name="key"/>) that is not in <paramref name="known"/>,
    /// when the file declares the <paramref name="noun"/>s (in <paramref name="declaredIn"/>); otherwise accepts any.
    /// </summary>
    public void CheckKnown(string key, string[] used, IReadOnlyList<string>? known, string noun, string declaredIn)
    {
        if (known is null)
        {
            return;
        }

        foreach (var name in used)
        {
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                var close = YamlNodeReader.Closest(name, [.. known]);
                yaml.Error(Node(key)!, $"unknown {noun} '{name}'", close is null ? $"declared in {declaredIn}: {string.Join(", ", known)}" : $"did you mean '{close}'?");
            }
        }
    }

    /// <summary>
    /// A local-time window <c>{ from, to }</c> (<c>HH:mm</c>, may cross midnight) from <paramref name="map"/>;
    /// (<c>null</c>, <c>null</c>) when either end is missing or invalid, or both are the same time (reported).
    /// </summary>
    public (TimeOnly? From, TimeOnly? To) Window(YamlMappingNode map, string about)
    {
        var from = Clock(map, "from", about);
        var to = Clock(map, "to", about);
        if (from is not null && from == to)
        {
            yaml.Error(map, $"{about} start and end at the same time", "that window is either empty or the whole day; widen or remove it");
            return (null, null);
        }

        return from is null || to is null ? (null, null) : (from, to);
    }

    /// <summary>An optional local date (<c>yyyy-MM-dd</c>) from <paramref name="map"/>; <c>null</c> when absent or invalid (reported).</summary>
    public DateOnly? Date(YamlMappingNode map, string key, string about) =>
        Exact<DateOnly>(map, key, about, false, static (string t, out DateOnly d) => DateOnly.TryParseExact(t, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out d), "a date", "write yyyy-MM-dd, e.g. 2026-12-24");

    private TimeOnly? Clock(YamlMappingNode map, string key, string about) =>
        Exact<TimeOnly>(map, key, about, true, static (string t, out TimeOnly c) => TimeOnly.TryParseExact(t, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out c), "a time of day", "write HH:mm, e.g. 22:00");

    /// <summary>Reads a scalar in one exact format, reporting "'key' is not NOUN: 'text' (hint)" at the value; <c>null</c> when absent or invalid.</summary>
    private T? Exact<T>(YamlMappingNode map, string key, string about, bool required, TryParseText<T> parse, string noun, string hint)
        where T : struct
    {
        var text = yaml.Scalar(map, key, about, required);
        if (text is null)
        {
            return null;
        }

        if (!parse(text, out var value))
        {
            yaml.Error(YamlNodeReader.Child(map, key)!, $"'{key}' is not {noun}: '{text}'", hint);
            return null;
        }

        return value;
    }

    private delegate bool TryParseText<T>(string text, out T value);
}
