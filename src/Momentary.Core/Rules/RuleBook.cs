using Momentary.Core.Rules.Tracing;
using Momentary.Core.Rules.Triggers;
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

    private readonly RuleIndex _index;
    private readonly Dictionary<string, IReadOnlyList<string>> _variants;
    private readonly Dictionary<string, string> _triggerTexts;

    internal RuleBook(string source, IReadOnlyList<CompiledRule> rules, RuleBookSettings settings, IReadOnlyDictionary<string, Venue> venues)
    {
        Source = source;
        Settings = settings;
        RuleIds = rules.Select(r => r.Id).ToArray();
        _variants = rules.Where(r => r.Variants.Length > 0).ToDictionary(r => r.Id, r => (IReadOnlyList<string>)[.. r.Variants.Select(v => v.Id)], StringComparer.Ordinal);
        _index = new RuleIndex(rules, venues);
        _triggerTexts = rules.ToDictionary(r => r.Id, r => TriggerKinds.Describe(r.Trigger), StringComparer.Ordinal);
        FriendWindow = rules.SelectMany(r => r.Conditions).Select(c => c.FriendWindow)
            .Concat(rules.Select(r => r.Trigger.FriendWindow))
            .DefaultIfEmpty(TimeSpan.Zero).Max();
        FriendsNearbyWindow = rules.SelectMany(r => r.Conditions).Select(c => c.FriendsNearbyWindow).DefaultIfEmpty(TimeSpan.Zero).Max();
        NearRadiusMeters = rules.Select(r => r.Trigger.NearRadiusMeters).DefaultIfEmpty(0).Max();
        HeartRateWindow = rules.Select(r => r.Trigger.HeartRateWindow).DefaultIfEmpty(TimeSpan.Zero).Max();
    }

    /// <summary>Where the rules came from (file path or a name), for logs and errors.</summary>
    public string Source { get; }

    /// <summary>File-wide governance settings.</summary>
    public RuleBookSettings Settings { get; }

    /// <summary>Ids of all rules, in file order.</summary>
    public IReadOnlyList<string> RuleIds { get; }

    /// <summary>The ids of <paramref name="ruleId"/>'s variants in file order (docs/rules.md, "Offer variants"); empty when it has none or is unknown.</summary>
    public IReadOnlyList<string> VariantsOf(string ruleId) => _variants.TryGetValue(ruleId, out var ids) ? ids : [];

    /// <summary>The longest friends' window any rule uses: how far back the store must return friends' visits.</summary>
    public TimeSpan FriendWindow { get; }

    /// <summary>
    /// The longest <c>seenWithin</c> of any <c>friendsNearby</c> condition: how recent friends' positions read for a ping
    /// must be, and at least how long positions are kept. Zero (no such rule): positions are not read at all.
    /// </summary>
    public TimeSpan FriendsNearbyWindow { get; }

    /// <summary>The largest radius any near, routine or friend check-in rule looks at: the geofence index's near search radius.</summary>
    public double NearRadiusMeters { get; }

    /// <summary>
    /// The longest look back of any exercise rule: how long heart-rate readings are kept in the customer's state. Zero
    /// (no such rule) keeps none, so wearables without those rules cost no state write.
    /// </summary>
    public TimeSpan HeartRateWindow { get; }

    /// <summary>Appends every rule that fires for <paramref name="input"/> to <paramref name="fired"/> (unarbitrated), each rendered.</summary>
    public void Evaluate(in EvaluationInput input, List<OfferCandidate> fired)
    {
        ArgumentNullException.ThrowIfNull(fired);
        var first = fired.Count;
        Match(input, fired);
        for (var i = first; i < fired.Count; i++)
        {
            fired[i] = Render(fired[i], input);
        }
    }

    /// <summary>
    /// Appends every rule that fires for <paramref name="input"/> to <paramref name="fired"/>, unarbitrated and not
    /// yet rendered: triggers and conditions are checked without formatting a single explanation fact or message,
    /// so rules that fire but lose arbitration cost no text. <see cref="Render"/> the ones that will be used.
    /// </summary>
    /// <returns>
    /// <see cref="NoOfferReason.None"/> when a rule fired; otherwise why none did: the furthest any rule got (an enum,
    /// so explaining a quiet signal costs nothing).
    /// </returns>
    public NoOfferReason Match(in EvaluationInput input, List<OfferCandidate> fired) => Match(input, fired, null);

    /// <summary>
    /// <see cref="Match(in EvaluationInput, List{OfferCandidate})"/>, reporting every rule's stop — stale, the
    /// condition that failed with the values it compared, matched — to <paramref name="tracer"/> when one is given.
    /// The very same matching runs either way; only a trace pays for its sentences.
    /// </summary>
    public NoOfferReason Match(in EvaluationInput input, List<OfferCandidate> fired, DecisionTracer? tracer)
    {
        ArgumentNullException.ThrowIfNull(fired);
        if (input.Context.Profile is null)
        {
            tracer?.Stopped("no profile for this customer (unknown or erased): nothing may be offered, no rule was evaluated");
            return NoOfferReason.NoProfile; // unknown customer: no consent on record, so nothing may be offered
        }

        var scope = t_scope ??= new RuleScope();
        scope.Explaining = false;
        scope.Missed = NoOfferReason.NoRuleMatched;
        scope.Tracer = tracer;
        var before = fired.Count;
        try
        {
            _index.Match(input, scope, fired);
        }
        finally
        {
            scope.Tracer = null;
        }

        return fired.Count > before ? NoOfferReason.None : scope.Missed;
    }

    /// <summary>The rule's trigger in words, e.g. <c>its enter trigger (aurora)</c>; the id itself when unknown.</summary>
    public string TriggerText(string ruleId) => _triggerTexts.TryGetValue(ruleId, out var text) ? text : ruleId;

    /// <summary>
    /// Builds the message, the explanation and (share rules) the referral link of a candidate from <see cref="Match(in EvaluationInput, List{OfferCandidate})"/>
    /// for the same <paramref name="input"/>: the trigger and the rule's conditions are explained again, this time
    /// writing their facts. Rendering an already rendered candidate returns it unchanged.
    /// </summary>
    public OfferCandidate Render(OfferCandidate candidate, in EvaluationInput input)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.IsRendered || candidate.Source is not { } rule)
        {
            return candidate;
        }

        var scope = t_scope ??= new RuleScope();
        scope.Reset(input, candidate.At);
        scope.Explaining = true;
        try
        {
            var trigger = rule.Trigger.Explain(scope);
            return rule.Render(candidate, scope, trigger);
        }
        finally
        {
            scope.Explaining = false;
        }
    }
}
