using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Momentary.Core.Context;
using Momentary.Core.Geofencing;
using Momentary.Core.Rules;
using Momentary.Core.Rules.Tracing;
using Momentary.Core.Signals;
using Momentary.Core.Venues;

namespace Momentary.Core.Tests.Rules.Tracing;

/// <summary>
/// A trace cannot drift from the decision: over the Jane rules and generated customers, times and signals, matching
/// with a tracer fires exactly what matching without one fires, gives the same reason, and the trace names the fired
/// rules as matched and, when none fired, a stop as far as the reason the live decision reports.
/// </summary>
public sealed class TraceAgreementPropertyTests
{
    private static readonly Venue Aurora = new("aurora", "Aurora", "fashion");

    private static readonly Dictionary<string, Venue> Venues = new()
    {
        ["aurora"] = Aurora,
        ["freshco"] = new("freshco", "FreshCo", "grocery"),
        ["resort-cafe"] = new("resort-cafe", "Resort Cafe", "cafe"),
    };

    private static readonly RuleBook Jane = RuleBookLoader.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Rules", "Valid", "jane-rules.yaml")), "jane-rules.yaml", Venues);

    private static readonly DateTimeOffset Day = new(2026, 11, 24, 0, 0, 0, TimeSpan.Zero);

    private static Gen<EvaluationInput> Inputs =>
        from consent in Gen.Elements(true, false)
        from fashion in Gen.Elements(true, false)
        from coffee in Gen.Elements(true, false)
        from tier in Gen.Elements<string?>(null, "silver", "gold")
        from minute in Gen.Choose(0, (24 * 60) - 1)
        from friends in Gen.Choose(0, 5)
        from kind in Gen.Choose(0, 2)
        from ageMinutes in Gen.Choose(0, 10)
        select Input(consent, fashion, coffee, tier, Day.AddMinutes(minute), friends, kind, TimeSpan.FromMinutes(ageMinutes));

    [Property(MaxTest = 500)]
    public Property Match_WithAndWithoutTracer_DecidesTheSameAndTheTraceSaysWhy() => Prop.ForAll(Inputs.ToArbitrary(), input =>
    {
        var plain = new List<OfferCandidate>();
        var live = Jane.Match(input, plain);
        var traced = new List<OfferCandidate>();
        var tracer = new DecisionTracer();
        var reason = Jane.Match(input, traced, tracer);
        var trace = tracer.Build(Jane, input.Signal, input.Now, reason);

        var stops = trace.Rules.Where(r => r.Stage != RuleStage.NotTriggered).ToList();
        var furthest = stops.Count == 0 ? NoOfferReason.NoRuleMatched : stops.Max(r => r.Reason);
        return live == reason
            && plain.Select(c => c.RuleId).SequenceEqual(traced.Select(c => c.RuleId))
            && stops.Where(r => r.Stage == RuleStage.Matched).Select(r => r.RuleId).SequenceEqual(plain.Select(c => c.RuleId))
            && (plain.Count > 0 || furthest == live)
            && trace.Rules.Select(r => r.RuleId).Distinct().Count() == Jane.RuleIds.Count;
    });

    private static EvaluationInput Input(bool consent, bool fashion, bool coffee, string? tier, DateTimeOffset now, int friends, int kind, TimeSpan age)
    {
        var profile = new CustomerProfile
        {
            CustomerId = "jane",
            Segments = fashion ? ["fashion", "grocery"] : ["grocery"],
            Interests = coffee ? ["coffee"] : [],
            Tier = tier,
            TimeZone = "Europe/Paris",
            Consent = new Dictionary<string, bool> { ["offers"] = consent },
        };
        var visits = Enumerable.Range(0, friends).Select(i => new FriendVisit($"friend-{i}", now.AddDays(-i - 1))).ToArray();
        var context = new CustomerContext(profile, CustomerState.Empty, new Dictionary<string, IReadOnlyList<FriendVisit>> { ["aurora"] = visits });
        var at = now - age;
        Signal signal = kind switch
        {
            0 => new LocationPing { Id = "l", CustomerId = "jane", Timestamp = at, Latitude = 48.86, Longitude = 2.34 },
            1 => new WearableReading { Id = "w", CustomerId = "jane", Timestamp = at, SedentaryMinutes = 55, Steps = 2100 },
            _ => new CommerceEvent { Id = "c", CustomerId = "jane", Timestamp = at, Action = CommerceAction.PriceCheck, VenueId = "aurora", Sku = "s", Price = 89m, CompetitorPrice = 74.5m, Currency = "EUR" },
        };
        var geo = kind == 0 ? new GeoFacts { Entered = [new VenueProximity(Aurora, 0)], Inside = [new VenueProximity(Aurora, 0)] } : GeoFacts.Empty;
        return new EvaluationInput(signal, geo, context, now);
    }
}
