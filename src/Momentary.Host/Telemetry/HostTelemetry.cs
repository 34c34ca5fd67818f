using System.Diagnostics.Metrics;
using Momentary.Host.Engine;

namespace Momentary.Host.Telemetry;

/// <summary>The host's one Meter, created once: configuration reloads and the rules in force.</summary>
internal static class HostTelemetry
{
    /// <summary>Name of the Meter, for OpenTelemetry registration.</summary>
    public const string Name = "Momentary.Host";

    private static readonly Meter Meter = new(Name);

    private static readonly Counter<long> Reloads = Meter.CreateCounter<long>("momentary.config.reloads", "{reload}", "Rules and venues file changes, by file (rules, venues) and result (applied, rejected)");

    private static RulesInForce? s_rules;

    static HostTelemetry()
    {
        Meter.CreateObservableGauge("momentary.rules.info", ObserveRules, "{file}", "1 for the rules file in force, tagged with its sha256 (first 12 hex digits) and rule count");
    }

    /// <summary>Counts a reload of <paramref name="file"/> (<c>rules</c> or <c>venues</c>).</summary>
    public static void Reloaded(string file, bool applied) =>
        Reloads.Add(1, new KeyValuePair<string, object?>("file", file), new KeyValuePair<string, object?>("result", applied ? "applied" : "rejected"));

    /// <summary>Records which rules file is in force.</summary>
    public static void RulesInForce(RulesInForce rules) => Volatile.Write(ref s_rules, rules);

    private static IEnumerable<Measurement<int>> ObserveRules()
    {
        if (Volatile.Read(ref s_rules) is { } rules)
        {
            yield return new Measurement<int>(1, new KeyValuePair<string, object?>("sha256", rules.Hash), new KeyValuePair<string, object?>("rules", rules.Rules));
        }
    }
}
