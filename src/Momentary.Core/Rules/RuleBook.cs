using System.Globalization;
using Momentary.Core.Geofencing;
using Momentary.Core.Signals;
using Momentary.Core.Venues;

namespace Momentary.Core.Rules;

/// <summary>
/// A validated, compiled set of rules, immutable and safe to share across threads. Rules are indexed by trigger
/// kind and venue (or venue category) at load time, so a signal only looks at the rules its facts can fire —
/// evaluation cost does not grow with the number of unrelated rules.
/// </summary>
public sealed class RuleBook
{
    [ThreadStatic]
    private static RuleScope? t_scope;

    private readonly Dictionary<string, CompiledRule[]> _enterByVenue;
    private readonly Dictionary<string, CompiledRule[]> _enterByCategory;
    private readonly Dictionary<string, CompiledRule[]> _revisitByVenue;
    private readonly Dictionary<string, CompiledRule[]> _revisitByCategory;
    private readonly CompiledRule[] _sedentary;
    private readonly CompiledRule[] _priceCheck;
    private readonly IReadOnlyDictionary<string, Venue> _venues;

    internal RuleBook(string source, IReadOnlyList<CompiledRule> rules, RuleBookSettings settings, IReadOnlyDictionary<string, Venue> venues)
    {
        Source = source;
        Settings = settings;
        _venues = venues;
        RuleIds = rules.Select(r => r.Id).ToArray();
        _enterByVenue = Index(rules, r => r.Trigger.Kind == TriggerKind.EnterVenue ? r.VenueId : null);
        _enterByCategory = Index(rules, r => r.Trigger.Kind == TriggerKind.EnterVenue ? r.VenueCategory : null);
        _revisitByVenue = Index(rules, r => r.Trigger.Kind == TriggerKind.Revisit ? r.VenueId : null);
        _revisitByCategory = Index(rules, r => r.Trigger.Kind == TriggerKind.Revisit ? r.VenueCategory : null);
        _sedentary = rules.Where(r => r.Trigger.Kind == TriggerKind.Sedentary).ToArray();
        _priceCheck = rules.Where(r => r.Trigger.Kind == TriggerKind.PriceCheck).ToArray();
        FriendWindow = rules.SelectMany(r => r.Conditions).OfType<Conditions.MinFriendsCondition>().Select(c => c.Within).DefaultIfEmpty(TimeSpan.Zero).Max();
    }

    /// <summary>Where the rules came from (file path or a name), for logs and errors.</summary>
    public string Source { get; }

    /// <summary>File-wide governance settings.</summary>
    public RuleBookSettings Settings { get; }

    /// <summary>Ids of all rules, in file order.</summary>
    public IReadOnlyList<string> RuleIds { get; }

    /// <summary>The longest friends' window any rule uses: how far back the store must return friends' visits.</summary>
    public TimeSpan FriendWindow { get; }

    /// <summary>Appends every rule that fires for <paramref name="input"/> to <paramref name="fired"/> (unarbitrated).</summary>
    public void Evaluate(in EvaluationInput input, List<OfferCandidate> fired)
    {
        ArgumentNullException.ThrowIfNull(fired);
        if (input.Context.Profile is null)
        {
            return; // unknown customer: no consent on record, so nothing may be offered
        }

        var scope = t_scope ??= new RuleScope();
        switch (input.Signal)
        {
            case LocationPing:
                foreach (var entered in input.Geo.Entered)
                {
                    if (_enterByVenue.TryGetValue(entered.Venue.Id, out var rules))
                    {
                        FireAll(rules, scope, input, entered, "enter:" + entered.Venue.Id, fired);
                    }

                    if (_enterByCategory.TryGetValue(entered.Venue.Category, out rules))
                    {
                        FireAll(rules, scope, input, entered, "enter:" + entered.Venue.Id, fired);
                    }

                    if (input.Context.State.LastVisits.TryGetValue(entered.Venue.Id, out var lastVisit) && lastVisit < input.Signal.Timestamp)
                    {
                        if (_revisitByVenue.TryGetValue(entered.Venue.Id, out rules))
                        {
                            FireRevisits(rules, scope, input, entered, lastVisit, fired);
                        }

                        if (_revisitByCategory.TryGetValue(entered.Venue.Category, out rules))
                        {
                            FireRevisits(rules, scope, input, entered, lastVisit, fired);
                        }
                    }
                }

                break;
            case WearableReading { SedentaryMinutes: { } minutes }:
                foreach (var rule in _sedentary)
                {
                    if (minutes >= rule.Trigger.SedentaryMinutes)
                    {
                        scope.Reset(input, null);
                        scope.Explanation.Fact("sedentaryMinutes", minutes.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $">= {rule.Trigger.SedentaryMinutes}"));
                        scope.Explanation.Phrase(string.Create(CultureInfo.InvariantCulture, $"you have been sitting for {minutes} minutes"));
                        Fire(rule, scope, "sedentary", fired);
                    }
                }

                break;
            case CommerceEvent { Action: CommerceAction.PriceCheck, Price: { } price, CompetitorPrice: { } competitor } check when competitor < price:
                var venue = check.VenueId is not null && _venues.TryGetValue(check.VenueId, out var v) ? new VenueProximity(v, 0) : null;
                foreach (var rule in _priceCheck)
                {
                    scope.Reset(input, venue);
                    scope.Explanation.Fact("shelfPrice", price.ToString("0.00", CultureInfo.InvariantCulture));
                    scope.Explanation.Fact("competitorPrice", competitor.ToString("0.00", CultureInfo.InvariantCulture), "< shelf price");
                    scope.Explanation.Phrase(string.Create(CultureInfo.InvariantCulture, $"a competitor sells it for {competitor:0.00} instead of {price:0.00}"));
                    Fire(rule, scope, "price-check:" + (check.Sku ?? "item"), fired);
                }

                break;
        }
    }

    private static void FireAll(CompiledRule[] rules, RuleScope scope, in EvaluationInput input, VenueProximity trigger, string name, List<OfferCandidate> fired)
    {
        foreach (var rule in rules)
        {
            scope.Reset(input, trigger);
            Fire(rule, scope, name, fired);
        }
    }

    private static void FireRevisits(CompiledRule[] rules, RuleScope scope, in EvaluationInput input, VenueProximity trigger, DateTimeOffset lastVisit, List<OfferCandidate> fired)
    {
        var since = input.Signal.Timestamp - lastVisit;
        foreach (var rule in rules)
        {
            if (since > rule.Trigger.Within)
            {
                continue;
            }

            scope.Reset(input, trigger);
            scope.Explanation.Fact("lastVisit", lastVisit.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), "within " + DurationText.Format(rule.Trigger.Within));
            scope.Explanation.Phrase(string.Create(CultureInfo.InvariantCulture, $"welcome back: your last visit was {since.TotalHours:0} hours ago"));
            Fire(rule, scope, "revisit:" + trigger.Venue.Id, fired);
        }
    }

    // Moment freshness first: a signal older than the rule allows updates state elsewhere but earns no offer.
    private static void Fire(CompiledRule rule, RuleScope scope, string trigger, List<OfferCandidate> fired)
    {
        if (scope.Input.Now - scope.Input.Signal.Timestamp > rule.FreshFor)
        {
            return;
        }

        if (rule.TryFire(scope, trigger) is { } candidate)
        {
            fired.Add(candidate);
        }
    }

    private static Dictionary<string, CompiledRule[]> Index(IReadOnlyList<CompiledRule> rules, Func<CompiledRule, string?> key) =>
        rules.Where(r => key(r) is not null)
            .GroupBy(r => key(r)!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
}
