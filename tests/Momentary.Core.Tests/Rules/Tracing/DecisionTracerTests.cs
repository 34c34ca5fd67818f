using Momentary.Core.Context;
using Momentary.Core.Geofencing;
using Momentary.Core.Rules;
using Momentary.Core.Rules.Tracing;
using Momentary.Core.Signals;
using Momentary.Core.Venues;

namespace Momentary.Core.Tests.Rules.Tracing;

/// <summary>Each condition explains its failure in words with the values it compared; a trace lists every rule.</summary>
public sealed class DecisionTracerTests
{
    internal static readonly Venue Aurora = new("aurora", "Aurora", "fashion");

    // Tuesday 2026-11-24 10:40 UTC = 11:40 in Paris.
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 40, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("consent: [offers, location]", "consent", "no consent to location on record (the rule requires offers, location)")]
    [InlineData("segments: [fashion, travel]", "segments", "segment must be any of fashion, travel; the profile has grocery")]
    [InlineData("interests: [running]", "interests", "interest must be any of running; the profile has coffee")]
    [InlineData("tier: [gold]", "tier", "tier must be any of gold; the profile has silver")]
    [InlineData("dates: { from: \"2026-12-01\", until: \"2026-12-24\" }", "dates", "active 2026-12-01 to 2026-12-24 in Europe/Paris, local date 2026-11-24")]
    [InlineData("quietHours: { from: \"11:00\", to: \"12:00\" }", "quiet-hours", "quiet hours 11:00-12:00 in Europe/Paris, local time 11:40")]
    [InlineData("hours: { from: \"16:00\", to: \"21:00\" }", "time-window", "only within 16:00-21:00 in Europe/Paris, local time Tue 11:40")]
    [InlineData("days: [sat, sun]", "time-window", "only within Sat,Sun in Europe/Paris, local time Tue 11:40")]
    [InlineData("propensity: { atLeast: 0.9 }", "propensity", "below the required 0.9")]
    [InlineData("friends: { atLeast: 3, within: 14d }", "friends", "2 friends visited aurora in 14 days; at least 3 required")]
    public void Failure_EachConditionKind_SaysWhatItComparedInWords(string when, string step, string sentence)
    {
        var (trace, _) = Trace(Rule("r", when), Now);

        var rule = Assert.Single(trace.Rules);
        Assert.Equal(RuleStage.ConditionFailed, rule.Stage);
        Assert.Equal(step, rule.Step);
        Assert.Contains(sentence, rule.Detail, StringComparison.Ordinal);
        Assert.Equal("aurora", rule.VenueId);
        Assert.Equal("no offer: " + step, trace.Outcome);
    }

    [Fact]
    public void Trace_SignalOlderThanFreshFor_SaysItsAgeAndTheLimit()
    {
        var (trace, _) = Trace(Rule("r", "consent: offers"), Now, signalAt: Now.AddMinutes(-62));

        var rule = Assert.Single(trace.Rules);
        Assert.Equal(RuleStage.Stale, rule.Stage);
        Assert.Equal("the signal is 1h 2m old; the rule's freshFor is 5m", rule.Detail);
    }

    [Fact]
    public void Trace_RulesTheSignalCannotTrigger_AreListedAsNotTriggeredInFileOrder()
    {
        var yaml = Rule("r", "consent: offers") + """

              - id: steps
                trigger: { steps: { atLeast: 100 } }
                offer: { message: "x", percent: 5, validFor: 1h }
              - id: dwell
                trigger: { dwell: { venue: aurora, atLeast: 10m } }
                offer: { message: "x", percent: 5, validFor: 1h }
            """;

        var (trace, fired) = Trace(yaml, Now);

        Assert.Single(fired);
        Assert.Equal(["r", "steps", "dwell"], trace.Rules.Select(r => r.RuleId));
        Assert.Equal(RuleStage.Matched, trace.Rules[0].Stage);
        Assert.Equal("its steps trigger did not fire for this signal", trace.Rules[1].Detail);
        Assert.Equal("its dwell trigger (aurora) did not fire for this signal", trace.Rules[2].Detail);
    }

    [Fact]
    public void Trace_ProcessorDecisions_ReplaceTheMatchedStage()
    {
        var yaml = Rule("a", "consent: offers", priority: 5) + "\n" + Rule("b", "consent: offers", priority: 1, header: false);
        var book = RuleBookLoader.Parse(yaml, "rules.yaml", new Dictionary<string, Venue> { ["aurora"] = Aurora });
        var tracer = new DecisionTracer();
        var fired = new List<OfferCandidate>();
        var input = Input(Now, Now);
        book.Match(input, fired, tracer);
        var chosen = new List<OfferCandidate>();
        Arbiter.Choose(fired, 2, chosen);

        tracer.Outranked(fired.Single(c => c.RuleId == "b"), chosen);
        tracer.Capped(chosen[0], ReservationOutcome.CustomerCapReached, CustomerState.Empty, Now);
        var trace = tracer.Build(book, input.Signal, Now, NoOfferReason.CustomerCap);

        Assert.Equal("no offer: customer-cap", trace.Outcome);
        Assert.Equal(RuleStage.Capped, trace.Rules.Single(r => r.RuleId == "a").Stage);
        Assert.Contains("the customer cap is reached: 0 of at most 1 per 1d", trace.Rules.Single(r => r.RuleId == "a").Detail, StringComparison.Ordinal);
        Assert.Contains("lost arbitration (priority 1, expected value", trace.Rules.Single(r => r.RuleId == "b").Detail, StringComparison.Ordinal);
        Assert.Contains("to a (priority 5", trace.Rules.Single(r => r.RuleId == "b").Detail, StringComparison.Ordinal);
        Assert.EndsWith("only one exclusive offer per signal", trace.Rules.Single(r => r.RuleId == "b").Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Match_WithoutProfile_TraceSaysNoRuleWasEvaluated()
    {
        var book = RuleBookLoader.Parse(Rule("r", "consent: offers"), "rules.yaml", new Dictionary<string, Venue> { ["aurora"] = Aurora });
        var tracer = new DecisionTracer();
        var input = Input(Now, Now) with { Context = new CustomerContext(null, CustomerState.Empty, CustomerContext.NoFriendVisits) };

        var reason = book.Match(input, [], tracer);
        var trace = tracer.Build(book, input.Signal, Now, reason);

        Assert.Equal("no offer: no-profile", trace.Outcome);
        Assert.Empty(trace.Rules);
        Assert.StartsWith("no profile for this customer", trace.Note, StringComparison.Ordinal);
    }

    internal static string Rule(string id, string when, int priority = 0, bool header = true) => (header ? "version: 1\nrules:\n" : string.Empty) + $$"""
          - id: {{id}}
            trigger: { enter: { venue: aurora } }
            when: { {{when}} }
            offer: { message: "{discount} at {venue}", percent: 10, validFor: 1h }
            priority: {{priority}}
            caps: { perCustomer: 1, window: 1d }
        """;

    private static (DecisionTrace Trace, List<OfferCandidate> Fired) Trace(string yaml, DateTimeOffset now, DateTimeOffset? signalAt = null)
    {
        var book = RuleBookLoader.Parse(yaml, "rules.yaml", new Dictionary<string, Venue> { ["aurora"] = Aurora });
        var tracer = new DecisionTracer();
        var fired = new List<OfferCandidate>();
        var input = Input(now, signalAt ?? now);
        var reason = book.Match(input, fired, tracer);
        return (tracer.Build(book, input.Signal, now, reason), fired);
    }

    private static EvaluationInput Input(DateTimeOffset now, DateTimeOffset signalAt)
    {
        var profile = new CustomerProfile
        {
            CustomerId = "jane",
            Segments = ["grocery"],
            Interests = ["coffee"],
            Tier = "silver",
            TimeZone = "Europe/Paris",
            Consent = new Dictionary<string, bool> { ["offers"] = true, ["location"] = false },
        };
        var visits = new FriendVisit[] { new("amy", now.AddDays(-2)), new("ben", now.AddDays(-3)) };
        var context = new CustomerContext(profile, CustomerState.Empty, new Dictionary<string, IReadOnlyList<FriendVisit>> { ["aurora"] = visits });
        var ping = new LocationPing { Id = "s1", CustomerId = "jane", Timestamp = signalAt, Latitude = 48.86, Longitude = 2.34 };
        var geo = new GeoFacts { Entered = [new VenueProximity(Aurora, 0)], Inside = [new VenueProximity(Aurora, 0)] };
        return new EvaluationInput(ping, geo, context, now);
    }
}
