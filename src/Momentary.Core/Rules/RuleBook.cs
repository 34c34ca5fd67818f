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
    private readonly CompiledRule[] _friendCheckIn;
    private readonly CompiledRule[] _routine;
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
        _friendCheckIn = Of(rules, TriggerKind.FriendCheckIn);
        _routine = Of(rules, TriggerKind.Routine);
        _sedentary = Of(rules, TriggerKind.Sedentary);
        _steps = Of(rules, TriggerKind.Steps);
        _share = Of(rules, TriggerKind.Share);
        _priceCheck = Of(rules, TriggerKind.PriceCheck);
        FriendWindow = rules.SelectMany(r => r.Conditions).OfType<Conditions.MinFriendsCondition>().Select(c => c.Within)
            .Concat(_friendCheckIn.Select(r => r.Trigger.Within))
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
            case LocationPing ping:
                EvaluateLocation(ping, scope, input, fired);
                break;
            case WearableReading reading:
                if (reading.SedentaryMinutes is { } minutes)
                {
                    EvaluateThreshold(_sedentary, minutes, "sedentaryMinutes", "sedentary", $"you have been sitting for {minutes} minutes", scope, input, fired);
                }

                if (reading.Steps is { } steps)
                {
                    EvaluateThreshold(_steps, steps, "steps", "steps", $"you have walked {steps} steps", scope, input, fired);
                }

                break;
            case SocialEvent { Action: SocialAction.Share, PurchaseId: not null } share:
                var sharedAt = share.VenueId is not null && _venues.TryGetValue(share.VenueId, out var shareVenue) ? new VenueProximity(shareVenue, 0) : null;
                foreach (var rule in _share)
                {
                    scope.Reset(input, sharedAt);
                    scope.Explanation.Fact("rewardPercent", rule.Trigger.RewardPercent.ToString("0.##", CultureInfo.InvariantCulture));
                    scope.Explanation.Phrase(string.Create(CultureInfo.InvariantCulture, $"you shared a purchase: earn {rule.Trigger.RewardPercent:0.##}% of what friends buy through your link"));
                    Fire(rule, scope, "share", fired);
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

    private void EvaluateLocation(LocationPing ping, RuleScope scope, in EvaluationInput input, List<OfferCandidate> fired)
    {
        var geo = input.Geo;
        var state = input.Context.State;
        foreach (var entered in geo.Entered)
        {
            foreach (var rule in _enter.For(entered.Venue))
            {
                scope.Reset(input, entered);
                Fire(rule, scope, "enter:" + entered.Venue.Id, fired);
            }

            if (state.LastVisits.TryGetValue(entered.Venue.Id, out var lastVisit) && lastVisit < ping.Timestamp)
            {
                var since = ping.Timestamp - lastVisit;
                foreach (var rule in _revisit.For(entered.Venue))
                {
                    if (since > rule.Trigger.Within)
                    {
                        continue;
                    }

                    scope.Reset(input, entered);
                    scope.Explanation.Fact("lastVisit", lastVisit.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), "within " + DurationText.Format(rule.Trigger.Within));
                    scope.Explanation.Phrase(string.Create(CultureInfo.InvariantCulture, $"welcome back: your last visit was {since.TotalHours:0} hours ago"));
                    Fire(rule, scope, "revisit:" + entered.Venue.Id, fired);
                }
            }
        }

        foreach (var exited in geo.Exited)
        {
            foreach (var rule in _exit.For(exited.Venue))
            {
                scope.Reset(input, exited);
                Fire(rule, scope, "exit:" + exited.Venue.Id, fired);
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
                        scope.Explanation.Fact("dwell", DurationText.Format(TimeSpan.FromMinutes(Math.Floor(now.TotalMinutes))), ">= " + DurationText.Format(rule.Trigger.Within));
                        scope.Explanation.Phrase(string.Create(CultureInfo.InvariantCulture, $"you have been at {inside.Venue.Name} for {now.TotalMinutes:0} minutes"));
                        Fire(rule, scope, "dwell:" + inside.Venue.Id, fired);
                    }
                }
            }
        }

        if (_near.IsEmpty && _routine.Length == 0 && _friendCheckIn.Length == 0)
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
                        scope.Explanation.Fact("distance", string.Create(CultureInfo.InvariantCulture, $"{near.DistanceMeters:0} m"), string.Create(CultureInfo.InvariantCulture, $"<= {rule.Trigger.DistanceMeters:0} m"));
                        scope.Explanation.Phrase(string.Create(CultureInfo.InvariantCulture, $"you are {near.DistanceMeters:0} m from {near.Venue.Name}"));
                        Fire(rule, scope, "near:" + near.Venue.Id, fired);
                    }
                }
            }

            foreach (var rule in _routine)
            {
                if (near.DistanceMeters <= rule.Trigger.DistanceMeters && string.Equals(near.Venue.Category, rule.Trigger.Category, StringComparison.Ordinal)
                    && state.Routines.TryGetValue(rule.Trigger.Category!, out var routine) && routine.HasCadence)
                {
                    var overdue = ping.Timestamp - routine.Due;
                    if (overdue < rule.Trigger.Within)
                    {
                        continue;
                    }

                    scope.Reset(input, near);
                    scope.OverdueDays = (int)Math.Floor(overdue.TotalDays);
                    var every = TimeSpan.FromHours(routine.MeanIntervalHours);
                    scope.Explanation.Fact("routine", rule.Trigger.Category!, string.Create(CultureInfo.InvariantCulture, $"every {every.TotalDays:0.#} days"));
                    scope.Explanation.Fact("overdue", string.Create(CultureInfo.InvariantCulture, $"{overdue.TotalDays:0.#}d"), ">= " + DurationText.Format(rule.Trigger.Within));
                    scope.Explanation.Fact("distance", string.Create(CultureInfo.InvariantCulture, $"{near.DistanceMeters:0} m"), string.Create(CultureInfo.InvariantCulture, $"<= {rule.Trigger.DistanceMeters:0} m"));
                    scope.Explanation.Phrase(string.Create(CultureInfo.InvariantCulture, $"you usually shop {rule.Trigger.Category} every {every.TotalDays:0.#} days and are {scope.OverdueDays} days overdue; {near.Venue.Name} is {near.DistanceMeters:0} m away"));
                    Fire(rule, scope, "routine:" + rule.Trigger.Category, fired);
                }
            }

            foreach (var rule in _friendCheckIn)
            {
                if (near.DistanceMeters > rule.Trigger.DistanceMeters || !rule.Trigger.Matches(near.Venue))
                {
                    continue;
                }

                var friends = input.Context.FriendsVisited(near.Venue.Id, input.Now - rule.Trigger.Within);
                if (friends == 0)
                {
                    continue;
                }

                scope.Reset(input, near);
                scope.FriendsCount = friends;
                scope.Explanation.Fact("friendsCheckedIn", friends.ToString(CultureInfo.InvariantCulture), "within " + DurationText.Format(rule.Trigger.Within));
                scope.Explanation.Phrase(string.Create(CultureInfo.InvariantCulture, $"{friends} {(friends == 1 ? "friend" : "friends")} checked in at {near.Venue.Name}, {near.DistanceMeters:0} m from you"));
                Fire(rule, scope, "friend-check-in:" + near.Venue.Id, fired);
            }
        }
    }

    private static void EvaluateThreshold(CompiledRule[] rules, int measured, string fact, string trigger, string phrase, RuleScope scope, in EvaluationInput input, List<OfferCandidate> fired)
    {
        foreach (var rule in rules)
        {
            if (measured >= rule.Trigger.Threshold)
            {
                scope.Reset(input, null);
                scope.Explanation.Fact(fact, measured.ToString(CultureInfo.InvariantCulture), string.Create(CultureInfo.InvariantCulture, $">= {rule.Trigger.Threshold}"));
                scope.Explanation.Phrase(phrase);
                Fire(rule, scope, trigger, fired);
            }
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

        /// <summary>The rules about <paramref name="venue"/>: by id, then by category, then for any venue. Allocates only when more than one group matches.</summary>
        public CompiledRule[] For(Venue venue)
        {
            _byVenue.TryGetValue(venue.Id, out var byVenue);
            _byCategory.TryGetValue(venue.Category, out var byCategory);
            var groups = (byVenue is null ? 0 : 1) + (byCategory is null ? 0 : 1) + (_any.Length == 0 ? 0 : 1);
            return groups switch
            {
                0 => [],
                1 => byVenue ?? byCategory ?? _any,
                _ => [.. byVenue ?? [], .. byCategory ?? [], .. _any],
            };
        }

        private static Dictionary<string, CompiledRule[]> Group(IEnumerable<CompiledRule> rules, Func<CompiledRule, string> key) =>
            rules.GroupBy(key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToArray(), StringComparer.Ordinal);
    }
}
