using Momentary.Core.Geofencing;

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

    internal RuleBook(string source, IReadOnlyList<CompiledRule> rules, RuleBookSettings settings)
    {
        Source = source;
        Settings = settings;
        RuleIds = rules.Select(r => r.Id).ToArray();
        _enterByVenue = Index(rules, r => r.Trigger == TriggerKind.EnterVenue ? r.VenueId : null);
        _enterByCategory = Index(rules, r => r.Trigger == TriggerKind.EnterVenue ? r.VenueCategory : null);
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
        foreach (var entered in input.Geo.Entered)
        {
            if (_enterByVenue.TryGetValue(entered.Venue.Id, out var rules))
            {
                FireAll(rules, scope, input, entered, fired);
            }

            if (_enterByCategory.TryGetValue(entered.Venue.Category, out rules))
            {
                FireAll(rules, scope, input, entered, fired);
            }
        }
    }

    private static void FireAll(CompiledRule[] rules, RuleScope scope, in EvaluationInput input, VenueProximity trigger, List<OfferCandidate> fired)
    {
        foreach (var rule in rules)
        {
            scope.Reset(input, trigger);
            if (rule.TryFire(scope, "enter:" + trigger.Venue.Id) is { } candidate)
            {
                fired.Add(candidate);
            }
        }
    }

    private static Dictionary<string, CompiledRule[]> Index(IReadOnlyList<CompiledRule> rules, Func<CompiledRule, string?> key) =>
        rules.Where(r => key(r) is not null)
            .GroupBy(r => key(r)!, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
}
