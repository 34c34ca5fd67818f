using System.Text;
using System.Text.Json;
using Momentary.Core.Rules;
using Momentary.Core.Rules.Tracing;

namespace Momentary.Host.Explaining;

/// <summary>
/// A decision trace as one line of JSON (the shape of <c>momentary explain --json</c> and <c>rules backtest
/// --trace</c>, docs/marketers.md): written field by field, so the output is the same on every run and platform.
/// </summary>
internal static class DecisionTraceJson
{
    /// <summary>Writes <paramref name="trace"/> as one JSON object and a <c>\n</c>.</summary>
    public static void WriteLine(DecisionTrace trace, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(trace);
        ArgumentNullException.ThrowIfNull(output);
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("signalId", trace.SignalId);
            w.WriteString("kind", trace.Kind);
            w.WriteString("signalAt", trace.SignalAt.UtcDateTime);
            w.WriteString("evaluatedAt", trace.EvaluatedAt.UtcDateTime);
            w.WriteString("outcome", trace.Outcome);
            w.WriteString("reason", NoOfferReasons.Name(trace.Reason));
            w.WriteStartArray("issued");
            foreach (var issued in trace.Issued)
            {
                w.WriteStringValue(issued);
            }

            w.WriteEndArray();
            if (trace.Note is not null)
            {
                w.WriteString("note", trace.Note);
            }

            w.WriteStartArray("rules");
            foreach (var rule in trace.Rules)
            {
                w.WriteStartObject();
                w.WriteString("ruleId", rule.RuleId);
                w.WriteString("stage", RuleTrace.StageName(rule.Stage));
                w.WriteString("step", rule.Step);
                if (rule.VenueId is not null)
                {
                    w.WriteString("venueId", rule.VenueId);
                }

                w.WriteString("detail", rule.Detail);
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        output.Write(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length));
        output.Write('\n');
    }
}
