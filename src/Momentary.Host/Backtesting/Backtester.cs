using System.Globalization;
using System.Text;
using Momentary.Core.Context;
using Momentary.Core.Messaging;
using Momentary.Core.Offers;
using Momentary.Core.Rules;
using Momentary.Core.Rules.Tracing;
using Momentary.Core.Signals;
using Momentary.Geo.Geofencing;
using Momentary.Geo.Venues;
using Momentary.Pipeline.Processing;
using Momentary.Core.Import;

namespace Momentary.Host.Backtesting;

/// <summary>
/// Replays recorded signals through the production <see cref="SignalProcessor"/> — the same geofencing,
/// evaluation, arbitration, caps and holdout — with an in-memory store and a clock that follows the signals'
/// timestamps (event time). Signals are replayed in timestamp order (file order breaks ties), so the same input
/// always gives the same report, byte for byte (docs/rules.md, "Back-testing").
/// </summary>
internal static class Backtester
{
    /// <summary>Runs a back-test.</summary>
    /// <param name="rules">The compiled rules.</param>
    /// <param name="venues">The venues the signals are matched against.</param>
    /// <param name="context">Context NDJSON (profiles, friendships, check-ins; docs/context-store.md).</param>
    /// <param name="signals">Signal NDJSON, one contract-v1 signal per line, in any order.</param>
    /// <param name="cancellationToken">Stops the replay.</param>
    /// <param name="trace">Keep every signal's decision trace in <see cref="BacktestReport.Traces"/> (default <c>false</c>: the replay pays nothing for them).</param>
    public static async Task<BacktestReport> RunAsync(RuleBook rules, VenueCatalog venues, TextReader context, TextReader signals, CancellationToken cancellationToken = default, bool trace = false)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(venues);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(signals);
        var store = new InMemoryContextStore();
        var imported = await new ContextImporter(store, maxInFlight: 1).ImportAsync(context, cancellationToken: cancellationToken).ConfigureAwait(false);
        var (replay, rejected) = await ReadSignalsAsync(signals, cancellationToken).ConfigureAwait(false);
        var clock = new EventClock(replay.Count > 0 ? replay[0].Signal.Timestamp : DateTimeOffset.UnixEpoch);
        var settings = new PipelineSettings();
        var processor = new SignalProcessor(store, () => rules, new Geofencer(FenceIndex.Build(venues), new GeofenceSettings()), clock, settings) { RecordMetrics = false, TraceDecisions = trace };
        var recorded = replay.Count;
        var tallies = rules.RuleIds.ToDictionary(id => id, _ => new RuleTally(), StringComparer.Ordinal);
        var offers = new List<Offer>();
        var credits = new List<ReferralCredit>();
        var redemptions = new List<KeyValuePair<string, RedemptionAttribution>>();
        var traces = new List<DecisionTrace>();
        var offset = 0L;
        for (var i = 0; i < replay.Count; i++)
        {
            var (signal, bytes, _) = replay[i];
            clock.Now = signal.Timestamp;
            var outcome = await processor.ProcessAsync(new InboundRecord("backtest", 0, offset++, signal.CustomerId, bytes, signal.Timestamp), cancellationToken).ConfigureAwait(false);
            if (outcome.Kind == SignalOutcomeKind.DeadLetter)
            {
                rejected.Add($"signal {signal.Id}: {DeadLetterReason(outcome)}");
                if (trace)
                {
                    traces.Add(Explaining.SignalExplainer.Rejected(signal, signal.Timestamp, DeadLetterReason(outcome)));
                }

                continue;
            }

            if (outcome.Trace is { } decided)
            {
                traces.Add(decided);
            }

            offers.AddRange(outcome.Offers);
            FeedBack(outcome, settings.ReferralCreditTopic, replay, i);
            if (outcome.ReferralCredit is { Duplicate: false } credit)
            {
                credits.Add(credit);
            }

            if (outcome.Redemption is { } attribution)
            {
                redemptions.Add(new(signal.Id, attribution));
            }

            foreach (var decision in outcome.Decisions)
            {
                if (!tallies.TryGetValue(decision.RuleId, out var tally))
                {
                    continue; // a redemption or exposure of a rule no longer in the file
                }

                Count(tally, decision);
                if (decision.Variant is { } variant)
                {
                    if (!tally.Variants.TryGetValue(variant, out var arm))
                    {
                        tally.Variants[variant] = arm = new RuleTally();
                    }

                    Count(arm, decision);
                }
            }
        }

        foreach (var id in rules.RuleIds)
        {
            foreach (var variant in rules.VariantsOf(id))
            {
                tallies[id].Variants.TryAdd(variant, new RuleTally()); // every arm shows, in file order, even one that never fired
            }
        }

        return new BacktestReport
        {
            VariantOrder = rules.RuleIds.ToDictionary(id => id, rules.VariantsOf, StringComparer.Ordinal),
            Rules = [.. rules.RuleIds.Select(id => new KeyValuePair<string, RuleTally>(id, tallies[id]))],
            Offers = offers,
            ReferralCredits = credits,
            Redemptions = redemptions,
            Signals = recorded,
            Traces = traces,
            Rejected = rejected,
            ContextErrors = [.. imported.Errors.Select(e => string.Create(CultureInfo.InvariantCulture, $"line {e.Line}: {e.Problem}"))],
        };
    }

    /// <summary>Writes the per-rule table and the effects as plain text.</summary>
    public static void WriteSummary(BacktestReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        var width = Math.Max(4, report.Rules.SelectMany(r => report.VariantsOf(r.Key).Select(v => r.Key.Length + 1 + v.Length).Prepend(r.Key.Length)).DefaultIfEmpty(4).Max());
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{"rule".PadRight(width)}  {"fired",6} {"outranked",9} {"capped",6} {"held-out",8} {"issued",6} {"redeemed",8} {"conv-T",6} {"conv-C",6}"));
        foreach (var (id, t) in report.Rules)
        {
            WriteRow(output, id, t, width);
            foreach (var variant in report.VariantsOf(id))
            {
                WriteRow(output, id + "/" + variant, t.Variants[variant], width);
            }
        }

        foreach (var (id, t) in report.Rules)
        {
            foreach (var variant in report.VariantsOf(id))
            {
                output.WriteLine(LiftLine(id, variant, t.Variants[variant], t));
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{report.Signals} signal(s) replayed, {report.Offers.Count} offer(s), {report.Rejected.Count} rejected"));
        foreach (var credit in report.ReferralCredits)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"referral: {credit.SharerId} earned {credit.Credited:0.00}; {credit.Month} total {credit.MonthEarnings:0.00}"));
        }

        foreach (var (signalId, a) in report.Redemptions)
        {
            var offer = a.OfferId is null ? string.Empty : " offer " + a.OfferId;
            var variant = a.Variant is null ? string.Empty : " variant " + a.Variant;
            output.WriteLine($"redemption {signalId}: rule {a.RuleId}{offer}{variant} by {a.MethodName}{(a.Converted ? ", converted" : string.Empty)}");
        }

        foreach (var line in report.ContextErrors)
        {
            output.WriteLine("context " + line);
        }

        foreach (var line in report.Rejected)
        {
            output.WriteLine("rejected " + line);
        }
    }

    /// <summary>Writes the would-be offers as NDJSON (contract v1, one per line, <c>\n</c> line ends whatever the platform).</summary>
    public static void WriteOffers(BacktestReport report, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(output);
        foreach (var offer in report.Offers)
        {
            output.Write(Encoding.UTF8.GetString(OfferCodec.Encode(offer)));
            output.Write('\n');
        }
    }

    // What the engine writes to a signal topic for another customer's task (a sharer's referral-credit) joins the replay
    // as it would join the topic: after every queued signal not later than it, so the back-test runs it too.
    private static void FeedBack(SignalOutcome outcome, string topic, List<(Signal Signal, byte[] Bytes, int Line)> replay, int current)
    {
        foreach (var record in outcome.Outbound)
        {
            if (record.Topic != topic || !SignalCodec.TryDecode(record.Value, out var derived, out _))
            {
                continue;
            }

            var at = current + 1;
            while (at < replay.Count && replay[at].Signal.Timestamp <= derived!.Timestamp)
            {
                at++;
            }

            replay.Insert(at, (derived!, record.Value, 0));
        }
    }

    private static void WriteRow(TextWriter output, string label, RuleTally t, int width) =>
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{label.PadRight(width)}  {t.Fired,6} {t.Outranked,9} {t.Capped,6} {t.HeldOut,8} {t.Issued,6} {t.Redeemed,8} {t.ConvertedTreatment,6} {t.ConvertedControl,6}"));

    // Lift of one variant: its treatment conversion rate against the rule's whole control group (variant assignment is
    // independent of the holdout, so every variant faces the same control; docs/rules.md, "Offer variants").
    private static string LiftLine(string ruleId, string variant, RuleTally arm, RuleTally rule)
    {
        var treatment = arm.TreatmentRate is { } t ? string.Create(CultureInfo.InvariantCulture, $"{arm.ConvertedTreatment} of {arm.Issued} = {t:0.0%}") : "none issued";
        var control = rule.ControlRate is { } c ? string.Create(CultureInfo.InvariantCulture, $"{rule.ConvertedControl} of {rule.HeldOut} = {c:0.0%}") : "none held out";
        var lift = arm.TreatmentRate is { } tr && rule.ControlRate is { } cr ? string.Create(CultureInfo.InvariantCulture, $"{(tr - cr) * 100:+0.0;-0.0;0.0} points") : "n/a";
        return $"variant {ruleId}/{variant}: converted {treatment}; control {control}; lift {lift}";
    }

    private static void Count(RuleTally tally, RuleDecision decision)
    {
        switch (decision.Kind)
        {
            case RuleDecisionKind.Outranked:
                tally.Fired++;
                tally.Outranked++;
                break;
            case RuleDecisionKind.Capped:
                tally.Fired++;
                tally.Capped++;
                break;
            case RuleDecisionKind.HeldOut:
                tally.Fired++;
                tally.HeldOut++;
                break;
            case RuleDecisionKind.Issued:
                tally.Fired++;
                tally.Issued++;
                break;
            case RuleDecisionKind.Redeemed:
                tally.Redeemed++;
                break;
            case RuleDecisionKind.Converted when decision.Detail == "control":
                tally.ConvertedControl++;
                break;
            case RuleDecisionKind.Converted:
                tally.ConvertedTreatment++;
                break;
        }
    }

    private static async Task<(List<(Signal Signal, byte[] Bytes, int Line)> Replay, List<string> Rejected)> ReadSignalsAsync(TextReader reader, CancellationToken ct)
    {
        var replay = new List<(Signal, byte[], int)>();
        var rejected = new List<string>();
        var lineNumber = 0;
        string? line;
        while ((line = await reader.ReadLineAsync(ct).ConfigureAwait(false)) is not null)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var bytes = Encoding.UTF8.GetBytes(line);
            if (SignalCodec.TryDecode(bytes, out var signal, out var error))
            {
                replay.Add((signal!, bytes, lineNumber));
            }
            else
            {
                rejected.Add(string.Create(CultureInfo.InvariantCulture, $"line {lineNumber}: {error!.Kind}: {error.Message}"));
            }
        }

        // Event time; file order breaks ties (List.Sort is not stable, so the line number is part of the key).
        replay.Sort(static (a, b) => a.Item1.Timestamp != b.Item1.Timestamp ? a.Item1.Timestamp.CompareTo(b.Item1.Timestamp) : a.Item3.CompareTo(b.Item3));
        return (replay, rejected);
    }

    /// <summary>The error message a dead-letter outcome carries (its header), for reports.</summary>
    public static string DeadLetterReason(SignalOutcome outcome)
    {
        foreach (var header in outcome.Outbound[0].Headers)
        {
            if (header.Key == DeadLetters.ErrorMessageHeader)
            {
                return Encoding.UTF8.GetString(header.Value);
            }
        }

        return "processing failed";
    }
}
