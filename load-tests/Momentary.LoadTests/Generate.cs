using Momentary.Core.Signals;
using Momentary.City;

namespace Momentary.LoadTests;

/// <summary><c>generate</c>: writes a city's venues, context and a signal recording to a directory.</summary>
internal static class Generate
{
    public static int Run(Args args)
    {
        var dir = args.String("out", "city");
        Directory.CreateDirectory(dir);
        var city = new CityModel(new CitySettings
        {
            Seed = args.Int("seed", 42),
            Customers = args.Int("customers", 100_000),
            Venues = args.Int("venues", 10_000),
        });
        using (var venues = File.Create(Path.Combine(dir, "venues.geojson")))
        {
            city.WriteVenuesGeoJson(venues);
        }

        using (var context = File.CreateText(Path.Combine(dir, "context.ndjson")))
        {
            city.WriteContextNdjson(context);
        }

        var count = args.Int("signals", 100_000);
        var generator = new SignalGenerator(city);
        var start = new DateTimeOffset(2026, 11, 24, 8, 0, 0, TimeSpan.Zero);
        using (var signals = File.Create(Path.Combine(dir, "signals.ndjson")))
        {
            for (var i = 0; i < count; i++)
            {
                signals.Write(SignalCodec.Encode(generator.Next(start.AddMilliseconds(i * 10))));
                signals.WriteByte((byte)'\n');
            }
        }

        Console.WriteLine($"wrote {city.Venues.Count} venues, {city.Customers.Count} customers, {count} signals to {dir}");
        return 0;
    }
}
