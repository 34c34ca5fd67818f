using System.Text;
using Momentary.Core.Context;
using Momentary.Core.Rules;
using Momentary.Geo.Venues;
using Momentary.Core.Import;

namespace Momentary.City;

/// <summary>
/// A deterministic city with its venues (as GeoJSON and as a catalog), its rules (as YAML and compiled) and its
/// customers' context as NDJSON: the files a deployment loads, and what in-process harnesses use directly.
/// </summary>
public sealed record CityWorld(CityModel City, string VenuesGeoJson, VenueCatalog Catalog, string RulesYaml, RuleBook Rules, string ContextNdjson)
{
    /// <summary>The default city (seed 42) with <paramref name="customers"/> and <paramref name="venues"/>, under <see cref="CityRules.Yaml"/>.</summary>
    public static CityWorld Build(int customers, int venues) => Build(new CitySettings { Customers = customers, Venues = venues }, CityRules.Yaml());

    /// <summary>The city <paramref name="settings"/> describe, under the rules in <paramref name="rulesYaml"/> (throws <see cref="RuleFileException"/> when invalid).</summary>
    public static CityWorld Build(CitySettings settings, string rulesYaml)
    {
        var city = new CityModel(settings);
        using var geo = new MemoryStream();
        city.WriteVenuesGeoJson(geo);
        var venues = Encoding.UTF8.GetString(geo.ToArray());
        var catalog = VenueCatalog.Parse(venues, "city");
        var context = new StringWriter();
        city.WriteContextNdjson(context);
        return new CityWorld(city, venues, catalog, rulesYaml, RuleBookLoader.Parse(rulesYaml, "city-rules", catalog.Venues), context.ToString());
    }

    /// <summary>Bulk-loads the customers' profiles and friendships into <paramref name="store"/>.</summary>
    public async Task ImportIntoAsync(ICustomerContextStore store)
    {
        var imported = await new ContextImporter(store).ImportAsync(new StringReader(ContextNdjson));
        Console.WriteLine($"context: {imported}");
    }
}
