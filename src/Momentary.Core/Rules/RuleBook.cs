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

    private readonly PlaceIndex _enter;
    private readonly PlaceIndex _exit;
    private readonly PlaceIndex _dwell;
    private readonly PlaceIndex _near;
    private readonly PlaceIndex _revisit;
    private readonly PlaceIndex _friendCheckIn;
    private readonly PlaceIndex _routine;
    private readonly CompiledRule[] _sedentary;
    private readonly CompiledRule[] _steps;
    private readonly CompiledRule[] _share;
    private readonly CompiledRule[] _priceCheck;
    private readonly IReadOnlyDictionary<string, Venue> _venues;

    internal RuleBook(string source, IReadOnlyList<CompiledRule> rules, RuleBookSettings settings, IReadOnlyDictionary<string, Venue> venues)
    {
        Source = source;
        Settings = settings;
        _venues = venues;
        RuleIds = rules.Select(r => r.Id).ToArray();
        _enter = new PlaceIndex(rules, TriggerKind.EnterVenue);
        _exit = new PlaceIndex(rules, TriggerKind.ExitVenue);
        _dwell = new PlaceIndex(rules, TriggerKind.Dwell);
        _near = new PlaceIndex(rules, TriggerKind.Near);
        _revisit = new PlaceIndex(rules, TriggerKind.Revisit);
        // Friend check-in rules ordered by window, so one friends count serves every rule with the same window.
        _friendCheckIn = new PlaceIndex([.. rules.Where(r => r.Trigger.Kind == TriggerKind.FriendCheckIn).OrderBy(r => r.Trigger.Within)], TriggerKind.FriendCheckIn);
        _routine = new PlaceIndex(rules, TriggerKind.Routine);
        _sedentary = Of(rules, TriggerKind.Sedentary);
        _steps = Of(rules, TriggerKind.Steps);
        _share = Of(rules, TriggerKind.Share);
        _priceCheck = Of(rules, TriggerKind.PriceCheck);
        FriendWindow = rules.SelectMany(r => r.Conditions).OfType<Conditions.MinFriendsCondition>().Select(c => c.Within)
            .Concat(rules.Where(r => r.Trigger.Kind == TriggerKind.FriendCheckIn).Select(r => r.Trigger.Within))
            .DefaultIfEmpty(TimeSpan.Zero).Max();
        NearRadiusMeters = rules.Where(r => r.Trigger.Kind is TriggerKind.Near or TriggerKind.Routine or TriggerKind.FriendCheckIn)
            .Select(r => r.Trigger.DistanceMeters).DefaultIfEmpty(0).Max();
    }

    /// <summary>Where the rules came from (file path or a name), for logs and errors.</summary>
    public string Source { get; }

    /// <summary>File-wide governance settings.</summary>
    public RuleBookSettings Settings { get; }

    /// <summary>Ids of all rules, in file order.</summary>
    public IReadOnlyList<string> RuleIds { get; }

    /// <summary>The longest friends' window any rule uses: how far back the store must return friends' visits.</summary>
    public TimeSpan FriendWindow { get; }

    /// <summary>The largest radius any near, routine or friend check-in rule looks at: the geofence index's near search radius.</summary>
    public double NearRadiusMeters { get; }

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
    public void Match(in EvaluationInput input, List<OfferCandidate> fired)
    {
        ArgumentNullException.ThrowIfNull(fired);
        if (input.Context.Profile is null)
        {
            return; // unknown customer: no consent on record, so nothing may be offered
        }

        var scope = t_scope ??= new RuleScope();
        scope.Explaining = false;
        switch (input.Signal)
        {
            case LocationPing ping:
                MatchLocation(ping, scope, input, fired);
                break;
            case WearableReading reading:
                if (reading.SedentaryMinutes is { } minutes)
                {
                    MatchThreshold(_sedentary, minutes, scope, input, fired);
                }

                if (reading.Steps is { } steps)
                {
                    MatchThreshold(_steps, steps, scope, input, fired);
                }

                break;
            case SocialEvent { Action: SocialAction.Share, PurchaseId: not null } share:
                var sharedAt = share.VenueId is not null && _venues.TryGetValue(share.VenueId, out var shareVenue) ? new VenueProximity(shareVenue, 0) : null;
                foreach (var rule in _share)
                {
                    scope.Reset(input, sharedAt);
                    Fire(rule, scope, fired);
                }

                break;
            case CommerceEvent { Action: CommerceAction.PriceCheck, Price: { } price, CompetitorPrice: { } competitor } check when competitor < price:
                var venue = check.VenueId is not null && _venues.TryGetValue(check.VenueId, out var v) ? new VenueProximity(v, 0) : null;
                foreach (var rule in _priceCheck)
                {
                    scope.Reset(input, venue);
                    Fire(rule, scope, fired);
                }

                break;
        }
    }

    /// <summary>
    /// Builds the message, the explanation and (share rules) the referral link of a candidate from <see cref="Match"/>
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
            var trigger = ExplainTrigger(rule, scope);
            return rule.Render(candidate, scope, trigger);
        }
        finally
        {
            scope.Explaining = false;
        }
    }

    private void MatchLocation(LocationPing ping, RuleScope scope, in EvaluationInput input, List<OfferCandidate> fired)
    {
        var geo = input.Geo;
        var state = input.Context.State;
        foreach (var entered in geo.Entered)
        {
            foreach (var rule in _enter.For(entered.Venue))
            {
                scope.Reset(input, entered);
                Fire(rule, scope, fired);
            }

            if (state.LastVisits.TryGetValue(entered.Venue.Id, out var lastVisit) && lastVisit < ping.Timestamp)
            {
                var since = ping.Timestamp - lastVisit;
                foreach (var rule in _revisit.For(entered.Venue))
                {
                    if (since <= rule.Trigger.Within)
                    {
                        scope.Reset(input, entered);
                        Fire(rule, scope, fired);
                    }
                }
            }
        }

        foreach (var exited in geo.Exited)
        {
            foreach (var rule in _exit.For(exited.Venue))
            {
                scope.Reset(input, exited);
                Fire(rule, scope, fired);
            }
        }

        if (!_dwell.IsEmpty)
        {
            foreach (var inside in geo.Inside)
            {
                // Fires once per stay: on the ping whose dwell first reaches the threshold.
                if (!state.InsideVenues.TryGetValue(inside.Venue.Id, out var enteredAt) || state.LastSeen is not { } previous)
                {
                    continue;
                }

                var before = previous - enteredAt;
                var now = ping.Timestamp - enteredAt;
                foreach (var rule in _dwell.For(inside.Venue))
                {
                    if (before < rule.Trigger.Within && now >= rule.Trigger.Within)
                    {
                        scope.Reset(input, inside);
                        Fire(rule, scope, fired);
                    }
                }
            }
        }

        if (_near.IsEmpty && _routine.IsEmpty && _friendCheckIn.IsEmpty)
        {
            return;
        }

        foreach (var near in geo.Near)
        {
            if (near.DistanceMeters > 0)
            {
                foreach (var rule in _near.For(near.Venue))
                {
                    if (near.DistanceMeters <= rule.Trigger.DistanceMeters)
                    {
                        scope.Reset(input, near);
                        Fire(rule, scope, fired);
                    }
                }
            }

            foreach (var rule in _routine.For(near.Venue))
            {
                if (near.DistanceMeters <= rule.Trigger.DistanceMeters && string.Equals(near.Venue.Category, rule.Trigger.Category, StringComparison.Ordinal)
                    && state.Routines.TryGetValue(rule.Trigger.Category!, out var routine) && routine.HasCadence
                    && ping.Timestamp - routine.Due >= rule.Trigger.Within)
                {
                    scope.Reset(input, near);
                    scope.OverdueDays = (int)Math.Floor((ping.Timestamp - routine.Due).TotalDays);
                    Fire(rule, scope, fired);
                }
            }

            var countedWindow = TimeSpan.MinValue;
            var friends = 0;
            foreach (var rule in _friendCheckIn.For(near.Venue))
            {
                if (near.DistanceMeters > rule.Trigger.DistanceMeters)
                {
                    continue;
                }

                if (rule.Trigger.Within != countedWindow)
                {
                    countedWindow = rule.Trigger.Within;
                    friends = input.Context.FriendsVisited(near.Venue.Id, input.Now - countedWindow);
                }

                if (friends > 0)
                {
                    scope.Reset(input, near);
                    scope.FriendsCount = friends;
                    Fire(rule, scope, fired);
                }
            }
        }
    }

    private static void MatchThreshold(CompiledRule[] rules, int measured, RuleScope scope, in EvaluationInput input, List<OfferCandidate> fired)
    {
        foreach (var rule in rules)
        {
            if (measured >= rule.Trigger.Threshold)
            {
                scope.Reset(input, null);
                Fire(rule, scope, fired);
            }
        }
    }

    // Moment freshness first: a signal older than the rule allows updates state elsewhere but earns no offer.
    private static void Fire(CompiledRule rule, RuleScope scope, List<OfferCandidate> fired)
    {
        if (scope.Input.Now - scope.Input.Signal.Timestamp > rule.FreshFor)
        {
            return;
        }

        if (rule.TryMatch(scope) is { } candidate)
        {
            fired.Add(candidate);
        }
    }

    // The trigger's part of the explanation (facts first, then its phrase) and its name, recomputed from the same
    // input and triggering venue the match saw; also restores the values the match put on the scope for messages.
    private static string ExplainTrigger(CompiledRule rule, RuleScope scope)
    {
        var input = scope.Input;
        var signal = input.Signal;
        var at = scope.Trigger;
        var e = scope.Explanation;
        switch (rule.Trigger.Kind)
        {
            case TriggerKind.EnterVenue:
                return "enter:" + at!.Venue.Id;
            case TriggerKind.ExitVenue:
                return "exit:" + at!.Venue.Id;
            case TriggerKind.Revisit:
                var lastVisit = input.Context.State.LastVisits[at!.Venue.Id];
                var since = signal.Timestamp - lastVisit;
                e.Fact("lastVisit", lastVisit.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), "within " + DurationText.Format(rule.Trigger.Within));
                e.Phrase(string.Create(CultureInfo.InvariantCulture, $"welcome back: your last visit was {since.TotalHours:0} hours ago"));
                return "revisit:" + at.Venue.Id;
            case TriggerKind.Dwell:
                var dwelt = signal.Timestamp - input.Context.State.InsideVenues[at!.Venue.Id];
                e.Fact("dwell", DurationText.Format(TimeSpan.FromMinutes(Math.Floor(dwelt.TotalMinutes))), ">= " + DurationText.Format(rule.Trigger.Within));
                e.Phrase(string.Create(CultureInfo.InvariantCulture, $"you have been at {at.Venue.Name} for {dwelt.TotalMinutes:0} minutes"));
                return "dwell:" + at.Venue.Id;
            case TriggerKind.Near:
                e.Fact("distance", string.Create(CultureInfo.InvariantCulture, $"{at!.DistanceMeters:0} m"), string.Create(CultureInfo.InvariantCulture, $"<= {rule.Trigger.DistanceMeters:0} m"));
                e.Phrase(string.Create(CultureInfo.InvariantCulture, $"you are {at.DistanceMeters:0} m from {at.Venue.Name}"));
                return "near:" + at.Venue.Id;
            case TriggerKind.Routine:
                var routine = input.Context.State.Routines[rule.Trigger.Category!];
                var overdue = signal.Timestamp - routine.Due;
                var every = TimeSpan.FromHours(routine.MeanIntervalHours);
                scope.OverdueDays = (int)Math.Floor(overdue.TotalDays);
                e.Fact("routine", rule.Trigger.Category!, string.Create(CultureInfo.InvariantCulture, $"every {every.TotalDays:0.#} days"));
                e.Fact("overdue", string.Create(CultureInfo.InvariantCulture, $"{overdue.TotalDays:0.#}d"), ">= " + DurationText.Format(rule.Trigger.Within));
                e.Fact("distance", string.Create(CultureInfo.InvariantCulture, $"{at!.DistanceMeters:0} m"), string.Create(CultureInfo.InvariantCulture, $"<= {rule.Trigger.DistanceMeters:0} m"));
                e.Phrase(string.Create(CultureInfo.InvariantCulture, $"you usually shop {rule.Trigger.Category} every {every.TotalDays:0.#} days and are {scope.OverdueDays} days overdue; {at.Venue.Name} is {at.DistanceMeters:0} m away"));
                return "routine:" + rule.Trigger.Category;
            case TriggerKind.FriendCheckIn:
                var friends = input.Context.FriendsVisited(at!.Venue.Id, input.Now - rule.Trigger.Within);
                scope.FriendsCount = friends;
                e.Fact("friendsCheckedIn", friends.ToString(CultureInfo.InvariantCulture), "within " + DurationText.Format(rule.Trigger.Within));
                e.Phrase(string.Create(CultureInfo.InvariantCulture, $"{friends} {(friends == 1 ? "friend" : "friends")} checked in at {at.Venue.Name}, {at.DistanceMeters:0} m from you"));
                return "friend-check-in:" + at.Venue.Id;
            case TriggerKind.Sedentary:
                var minutes = ((WearableReading)signal).SedentaryMinutes!.Value;
                e.Fact("sedentaryMinutes", minutes.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $">= {rule.Trigger.Threshold}"));
                e.Phrase(string.Create(CultureInfo.InvariantCulture, $"you have been sitting for {minutes} minutes"));
                return "sedentary";
            case TriggerKind.Steps:
                var steps = ((WearableReading)signal).Steps!.Value;
                e.Fact("steps", steps.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $">= {rule.Trigger.Threshold}"));
                e.Phrase(string.Create(CultureInfo.InvariantCulture, $"you have walked {steps} steps"));
                return "steps";
            case TriggerKind.Share:
                e.Fact("rewardPercent", rule.Trigger.RewardPercent.ToString("0.##", CultureInfo.InvariantCulture));
                e.Phrase(string.Create(CultureInfo.InvariantCulture, $"you shared a purchase: earn {rule.Trigger.RewardPercent:0.##}% of what friends buy through your link"));
                return "share";
            case TriggerKind.PriceCheck:
                var check = (CommerceEvent)signal;
                e.Fact("shelfPrice", check.Price!.Value.ToString("0.00", CultureInfo.InvariantCulture));
                e.Fact("competitorPrice", check.CompetitorPrice!.Value.ToString("0.00", CultureInfo.InvariantCulture), "< shelf price");
                e.Phrase(string.Create(CultureInfo.InvariantCulture, $"a competitor sells it for {check.CompetitorPrice.Value:0.00} instead of {check.Price.Value:0.00}"));
                return "price-check:" + (check.Sku ?? "item");
            default:
                throw new InvalidOperationException($"No explanation for trigger kind {rule.Trigger.Kind}.");
        }
    }

    private static CompiledRule[] Of(IReadOnlyList<CompiledRule> rules, TriggerKind kind) => rules.Where(r => r.Trigger.Kind == kind).ToArray();

    /// <summary>Rules of one place-bound trigger kind, by venue id and by venue category; rules naming neither apply to every venue.</summary>
    private sealed class PlaceIndex
    {
        private readonly Dictionary<string, CompiledRule[]> _byVenue;
        private readonly Dictionary<string, CompiledRule[]> _byCategory;
        private readonly CompiledRule[] _any;

        public PlaceIndex(IReadOnlyList<CompiledRule> rules, TriggerKind kind)
        {
            var of = rules.Where(r => r.Trigger.Kind == kind).ToArray();
            _byVenue = Group(of.Where(r => r.VenueId is not null), r => r.VenueId!);
            _byCategory = Group(of.Where(r => r.VenueId is null && r.VenueCategory is not null), r => r.VenueCategory!);
            _any = of.Where(r => r.VenueId is null && r.VenueCategory is null).ToArray();
            IsEmpty = of.Length == 0;
        }

        public bool IsEmpty { get; }

        /// <summary>The rules about <paramref name="venue"/>: by id, then by category, then for any venue; allocates nothing.</summary>
        public PlaceRules For(Venue venue)
        {
            _byVenue.TryGetValue(venue.Id, out var byVenue);
            _byCategory.TryGetValue(venue.Category, out var byCategory);
            return new PlaceRules(byVenue ?? [], byCategory ?? [], _any);
        }

        private static Dictionary<string, CompiledRule[]> Group(IEnumerable<CompiledRule> rules, Func<CompiledRule, string> key) =>
            rules.GroupBy(key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>Up to three groups of rules enumerated as one, without copying them into a new array.</summary>
    private readonly struct PlaceRules(CompiledRule[] first, CompiledRule[] second, CompiledRule[] third)
    {
        public Enumerator GetEnumerator() => new(first, second, third);

        public struct Enumerator(CompiledRule[] first, CompiledRule[] second, CompiledRule[] third)
        {
            private int _group;
            private int _index = -1;

            public readonly CompiledRule Current => Group(_group)[_index];

            public bool MoveNext()
            {
                while (_group < 3)
                {
                    if (++_index < Group(_group).Length)
                    {
                        return true;
                    }

                    _group++;
                    _index = -1;
                }

                return false;
            }

            private readonly CompiledRule[] Group(int g) => g switch
            {
                0 => first,
                1 => second,
                _ => third,
            };
        }
    }
}
