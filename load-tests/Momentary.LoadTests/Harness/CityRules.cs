using System.Text;
using Momentary.LoadTests.City;

namespace Momentary.LoadTests.Harness;

/// <summary>A rules file for the simulated city: per category, "a fan enters a venue of it and a friend was there within 14 days".</summary>
internal static class CityRules
{
    public static string Yaml()
    {
        var sb = new StringBuilder("version: 1\nsettings:\n  maxOffersPerSignal: 1\n  maxOffersPerCustomerPerHour: 3\nrules:\n");
        foreach (var category in CityModel.Categories)
        {
            sb.Append("  - id: ").Append(category).Append("-friends\n")
              .Append("    trigger: { enter: { category: ").Append(category).Append(" } }\n")
              .Append("    when: { consent: offers, segments: [").Append(category).Append("], friends: { atLeast: 1, within: 14d } }\n")
              .Append("    offer: { message: \"{discount} off at {venue}\", percent: 15, validFor: 1h }\n")
              .Append("    priority: 2\n")
              .Append("    caps: { perCustomer: 1, window: 1h }\n")
              .Append("  - id: ").Append(category).Append("-welcome\n")
              .Append("    trigger: { enter: { category: ").Append(category).Append(" } }\n")
              .Append("    when: { consent: offers, segments: [").Append(category).Append("] }\n")
              .Append("    offer: { message: \"{discount} off at {venue}\", percent: 10, validFor: 1h }\n")
              .Append("    priority: 1\n")
              .Append("    caps: { perCustomer: 1, window: 1h }\n");
        }

        return sb.ToString();
    }
}
