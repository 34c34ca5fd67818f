using System.Text;

namespace Momentary.City;

/// <summary>A rules file for the simulated city: per category, "a fan enters a venue of it and a friend was there within 14 days".</summary>
public static class CityRules
{
    /// <summary>Offers of one rule one customer may get within <see cref="CapWindow"/> (every rule's <c>caps.perCustomer</c>).</summary>
    public const int PerCustomerCap = 1;

    /// <summary>Every rule's <c>caps.window</c>.</summary>
    public static readonly TimeSpan CapWindow = TimeSpan.FromHours(1);

    /// <summary>The file-wide <c>maxOffersPerCustomerPerHour</c>.</summary>
    public const int MaxOffersPerCustomerPerHour = 3;

    /// <param name="holdoutPercent">Control-group share of every rule (0: none, the default).</param>
    /// <param name="freshFor">Each rule's <c>freshFor</c> (e.g. <c>12h</c>); null keeps the engine's default (5 minutes).</param>
    public static string Yaml(int holdoutPercent = 0, string? freshFor = null)
    {
        var sb = new StringBuilder("version: 1\nsettings:\n  maxOffersPerSignal: 1\n  maxOffersPerCustomerPerHour: ").Append(MaxOffersPerCustomerPerHour).Append("\nrules:\n");
        var caps = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"    caps: {{ perCustomer: {PerCustomerCap}, window: {CapWindow.TotalHours}h }}\n");
        foreach (var category in CityModel.Categories)
        {
            sb.Append("  - id: ").Append(category).Append("-friends\n")
              .Append("    trigger: { enter: { category: ").Append(category).Append(" } }\n")
              .Append("    when: { consent: offers, segments: [").Append(category).Append("], friends: { atLeast: 1, within: 14d } }\n")
              .Append("    offer: { message: \"{discount} off at {venue}\", percent: 15, validFor: 1h }\n")
              .Append("    priority: 2\n")
              .Append(caps);
            Governance(sb, holdoutPercent, freshFor);
            sb.Append("  - id: ").Append(category).Append("-welcome\n")
              .Append("    trigger: { enter: { category: ").Append(category).Append(" } }\n")
              .Append("    when: { consent: offers, segments: [").Append(category).Append("] }\n")
              .Append("    offer: { message: \"{discount} off at {venue}\", percent: 10, validFor: 1h }\n")
              .Append("    priority: 1\n")
              .Append(caps);
            Governance(sb, holdoutPercent, freshFor);
        }

        return sb.ToString();
    }

    private static void Governance(StringBuilder sb, int holdoutPercent, string? freshFor)
    {
        if (holdoutPercent > 0)
        {
            sb.Append("    holdout: ").Append(holdoutPercent.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append("%\n");
        }

        if (freshFor is not null)
        {
            sb.Append("    freshFor: ").Append(freshFor).Append('\n');
        }
    }
}
