using System.Text;
using Momentary.Core.Context;
using Momentary.Core.Rules;
using Momentary.Geo.Venues;
using Momentary.LoadTests.City;
using Momentary.Core.Import;

namespace Momentary.LoadTests.Harness;

/// <summary>A deterministic city with its venues catalog, the city rules and its customers' context as NDJSON.</summary>
internal sealed record CityWorld(CityModel City, VenueCatalog Catalog, RuleBook Rules, string ContextNdjson)
{
    public static CityWorld Build(int customers, int venues)
    {
        var city = new CityModel(new CitySettings { Customers = customers, Venues = venues });
        using var geo = new MemoryStream();
        city.WriteVenuesGeoJson(geo);
        var catalog = VenueCatalog.Parse(Encoding.UTF8.GetString(geo.ToArray()), "city");
        var context = new StringWriter();
        city.WriteContextNdjson(context);
        return new CityWorld(city, catalog, RuleBookLoader.Parse(CityRules.Yaml(), "city-rules", catalog.Venues), context.ToString());
    }

    /// <summary>Bulk-loads the customers' profiles and friendships into <paramref name="store"/>.</summary>
    public async Task ImportIntoAsync(ICustomerContextStore store)
    {
        var imported = await new ContextImporter(store).ImportAsync(new StringReader(ContextNdjson));
        Console.WriteLine($"context: {imported}");
    }
}
