using Momentary.Core.Venues;
using YamlDotNet.RepresentationModel;

namespace Momentary.Core.Rules.Triggers;

/// <summary>
/// Reads the fields of one trigger's mapping for its kind, reporting each problem located at the field (through the
/// file's <see cref="YamlNodeReader"/>) in the words of the rules language: "'within' in the near trigger of rule 'x' ...".
/// </summary>
/// <param name="r">The file's reader, which collects the errors.</param>
/// <param name="map">The trigger's mapping, e.g. <c>{ venue: aurora, atLeast: 10m }</c>.</param>
/// <param name="about">How errors name the trigger: <c>the dwell trigger of rule 'x'</c>.</param>
/// <param name="what">How errors name the rule: <c>rule 'x'</c>.</param>
/// <param name="venues">The known venues, by id.</param>
internal sealed class TriggerReader(YamlNodeReader r, YamlMappingNode map, string about, string what, IReadOnlyDictionary<string, Venue> venues)
{
    /// <summary>How errors name the rule: <c>rule 'x'</c> (or <c>a rule</c> without an id).</summary>
    public string What => what;

    /// <summary>A non-empty scalar field; <c>null</c> when absent (reported when <paramref name="required"/>) or invalid.</summary>
    public string? Scalar(string key, bool required) => r.Scalar(map, key, about, required);

    /// <summary>A required whole number from <paramref name="min"/> to <paramref name="max"/>; <c>null</c> when missing or out of range (reported).</summary>
    public int? Int(string key, int min, int max) => r.Int(map, key, about, required: true, min, max);

    /// <summary>A number from <paramref name="min"/> to <paramref name="max"/>; <c>null</c> when absent (reported when <paramref name="required"/>) or out of range (reported).</summary>
    public decimal? Decimal(string key, decimal min, decimal max, bool required = true) => r.Decimal(map, key, about, required, min, max);

    /// <summary>A duration (<c>30m</c>, <c>14d</c>); <c>null</c> when absent (reported when <paramref name="required"/>) or invalid.</summary>
    public TimeSpan? Duration(string key, bool required) => r.Duration(map, key, about, required);

    /// <summary>Whether the trigger's mapping has <paramref name="key"/> (whatever its value).</summary>
    public bool Has(string key) => YamlNodeReader.Child(map, key) is not null;

    /// <summary>Reports <paramref name="problem"/> at the trigger's mapping (a problem of the whole, such as a missing choice).</summary>
    public void Error(string problem, string hint) => r.Error(map, problem, hint);

    /// <summary>Reports <paramref name="problem"/> at the value of <paramref name="key"/>, which must be present.</summary>
    public void Error(string key, string problem, string hint) => r.Error(YamlNodeReader.Child(map, key)!, problem, hint);

    /// <summary>A distance from 1m to 5km written in metres or kilometres (<c>300m</c>, <c>1.5km</c>), in metres; <c>null</c> when absent or invalid.</summary>
    public double? Distance(string key, bool required) => r.Distance(map, key, about, required);

    /// <summary>
    /// The place a trigger is about: a known <c>venue</c> id or a <c>category</c> some venue has, exactly one of them
    /// when <paramref name="required"/>, else at most one (neither: any venue). Problems are reported; the values
    /// are returned as written either way.
    /// </summary>
    public (string? VenueId, string? Category) Place(bool required)
    {
        var venueId = r.Scalar(map, "venue", "the trigger", required: false);
        var category = r.Scalar(map, "category", "the trigger", required: false);
        if (venueId is not null && category is not null || required && venueId is null && category is null)
        {
            r.Error(map, $"the trigger of {what} needs {(required ? "exactly" : "at most")} one of 'venue' or 'category'");
        }

        if (venueId is not null && !venues.ContainsKey(venueId))
        {
            var close = YamlNodeReader.Closest(venueId, [.. venues.Keys]);
            r.Error(YamlNodeReader.Child(map, "venue")!, $"unknown venue '{venueId}'", close is null ? "venue ids come from the venues GeoJSON file" : $"did you mean '{close}'?");
        }

        if (category is not null && !venues.Values.Any(v => v.Category == category))
        {
            r.Error(YamlNodeReader.Child(map, "category")!, $"no venue has category '{category}'", "categories come from the venues GeoJSON file: " + string.Join(", ", venues.Values.Select(v => v.Category).Distinct().Order(StringComparer.Ordinal)));
        }

        return (venueId, category);
    }
}
