using System.Globalization;
using Momentary.Chaos.Scenarios;

namespace Momentary.Chaos.Reporting;

/// <summary>The suite's table (one row per scenario, Markdown) and the checks behind each row.</summary>
internal static class ResultTable
{
    public const string Header = "| scenario | load | faults injected | signals in | offers out | lost | duplicated | dead-lettered | recovery | state differs | result |\n|---|---|---|---:|---:|---:|---:|---:|---|---:|---|";

    public static string Row(ScenarioResult r) => string.Create(
        CultureInfo.InvariantCulture,
        $"| {r.Scenario} | {r.Load} | {r.Faults} | {r.SignalsIn:N0} | {r.OffersOut:N0} | {r.Lost:N0} | {r.Duplicated:N0} | {r.DeadLettered:N0} | {r.Recovery} | {r.StateDiffers:N0} | {(r.Passed ? "pass" : "FAIL")} |");

    public static void Write(TextWriter w, IReadOnlyList<ScenarioResult> results)
    {
        w.WriteLine(Header);
        foreach (var r in results)
        {
            w.WriteLine(Row(r));
        }

        w.WriteLine();
        foreach (var r in results)
        {
            WriteChecks(w, r);
        }
    }

    public static void WriteChecks(TextWriter w, ScenarioResult r)
    {
        w.WriteLine(string.Create(CultureInfo.InvariantCulture, $"### {r.Scenario} ({(r.Passed ? "pass" : "FAIL")}, {r.Duration.TotalSeconds:0} s)"));
        if (r.Error is not null)
        {
            w.WriteLine($"- ERROR: {r.Error}");
        }

        foreach (var c in r.Checks)
        {
            w.WriteLine($"- {c.Mark} {c.Name}: {c.Detail}");
        }

        w.WriteLine();
    }
}
