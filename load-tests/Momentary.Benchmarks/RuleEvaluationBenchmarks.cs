using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Momentary.Core.Context;
using Momentary.Core.Geofencing;
using Momentary.Core.Rules;
using Momentary.Core.Signals;
using Momentary.Core.Venues;

namespace Momentary.Benchmarks;

/// <summary>
/// Rule evaluation per signal as the processor runs it (match, arbitrate, render the chosen; no I/O) with 100 and 1,000 rules loaded over 500 venues in
/// 25 categories: every trigger kind, typical conditions (consent, segments, interests, quiet hours, friends).
/// The signals are the story's: a ping entering a venue (with nearby venues), a wearable reading, a price check,
/// and a ping that fires nothing. Target: under 2 µs per signal at 1,000 rules (issue 7).
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class RuleEvaluationBenchmarks
{
    private const int VenueCount = 500;
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 40, 0, TimeSpan.Zero);
    private readonly List<OfferCandidate> _fired = [];
    private readonly List<OfferCandidate> _chosen = [];
    private RuleBook _book = null!;
    private EvaluationInput _enter;
    private EvaluationInput _wearable;
    private EvaluationInput _priceCheck;
    private EvaluationInput _quiet;

    [Params(100, 1000)]
    public int Rules { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var venues = Enumerable.Range(0, VenueCount).Select(i => new Venue($"v{i}", $"Venue {i}", $"cat{i % 25}")).ToDictionary(v => v.Id);
        _book = RuleBookLoader.Parse(RulesYaml(Rules), "bench.yaml", venues);
        var profile = new CustomerProfile
        {
            CustomerId = "jane",
            Segments = ["seg1", "seg3"],
            Interests = ["coffee"],
            Tier = "gold",
            TimeZone = "Europe/Paris",
            Consent = new Dictionary<string, bool> { ["offers"] = true },
        };
        var visits = new Dictionary<string, IReadOnlyList<FriendVisit>> { ["v7"] = [new("a", Now.AddDays(-1)), new("b", Now.AddDays(-3)), new("c", Now.AddDays(-9))] };
        var state = new CustomerState { LastVisits = new Dictionary<string, DateTimeOffset> { ["v7"] = Now.AddHours(-20) } };
        var context = new CustomerContext(profile, state, visits);
        var enter = new VenueProximity(venues["v7"], 0);
        var geo = new GeoFacts
        {
            Entered = [enter],
            Inside = [enter],
            Near = [enter, new VenueProximity(venues["v32"], 120), new VenueProximity(venues["v57"], 260)],
        };
        _enter = new EvaluationInput(new LocationPing { Id = "l", CustomerId = "jane", Timestamp = Now, Latitude = 48.86, Longitude = 2.34 }, geo, context, Now);
        _wearable = new EvaluationInput(new WearableReading { Id = "w", CustomerId = "jane", Timestamp = Now, SedentaryMinutes = 55, Steps = 4000 }, GeoFacts.Empty, context, Now);
        _priceCheck = new EvaluationInput(new CommerceEvent { Id = "p", CustomerId = "jane", Timestamp = Now, Action = CommerceAction.PriceCheck, VenueId = "v7", Price = 89, CompetitorPrice = 74.5m }, GeoFacts.Empty, context, Now);
        _quiet = new EvaluationInput(new LocationPing { Id = "q", CustomerId = "jane", Timestamp = Now, Latitude = 48.86, Longitude = 2.34 }, new GeoFacts { Near = [new VenueProximity(venues["v400"], 900)] }, context, Now);
    }

    [Benchmark(Description = "enter venue (+near, revisit)")]
    public int Enter() => Run(_enter);

    [Benchmark(Description = "wearable (sedentary, steps)")]
    public int Wearable() => Run(_wearable);

    [Benchmark(Description = "price check")]
    public int PriceCheck() => Run(_priceCheck);

    [Benchmark(Description = "ping, nothing fires")]
    public int Nothing() => Run(_quiet);

    private int Run(in EvaluationInput input)
    {
        _fired.Clear();
        _chosen.Clear();
        _book.Match(input, _fired);
        Arbiter.Choose(_fired, 2, _chosen);
        var length = 0;
        foreach (var candidate in _chosen)
        {
            length += _book.Render(candidate, input).Message.Length; // as the processor does: text only for the chosen
        }

        return length;
    }

    /// <summary>A rules file with <paramref name="n"/> rules cycling through every trigger kind, over the benchmark's venues.</summary>
    internal static string RulesYaml(int n)
    {
        var sb = new StringBuilder("version: 1\nsettings: { maxOffersPerSignal: 2 }\nrules:\n");
        for (var i = 0; i < n; i++)
        {
            var venue = $"v{i * 7 % VenueCount}";
            var category = $"cat{i % 25}";
            var trigger = (i % 10) switch
            {
                0 => $"enter: {{ venue: {venue} }}",
                1 => $"enter: {{ category: {category} }}",
                2 => $"exit: {{ venue: {venue} }}",
                3 => $"dwell: {{ category: {category}, atLeast: 10m }}",
                4 => $"near: {{ venue: {venue}, within: 300m }}",
                5 => $"revisit: {{ venue: {venue}, within: 24h }}",
                6 => $"sedentary: {{ minutes: {30 + (i % 40)} }}",
                7 => "friendCheckIn: { within: 2h, radius: 200m }",
                8 => "priceCheck: {}",
                _ => $"routine: {{ category: {category}, overdueBy: 2d, within: 1km }}",
            };
            var offer = i % 10 == 8 ? "priceMatch: true, stackable: true" : $"percent: {5 + (i % 20)}";
            sb.Append(CultureInfo.InvariantCulture, $"""
                  - id: r{i}
                    trigger: {"{"} {trigger} {"}"}
                    when:
                      consent: offers
                      segments: [seg{i % 5}, seg{(i + 1) % 5}]
                      quietHours: {"{"} from: "22:00", to: "08:00" {"}"}
                {(i % 3 == 0 ? "      friends: { atLeast: 2, within: 14d }\n" : string.Empty)}    offer: {"{"} message: "{"{"}discount{"}"} at {"{"}venue{"}"}", {offer}, validFor: 3h {"}"}
                    priority: {i % 7}

                """);
        }

        return sb.ToString();
    }
}
