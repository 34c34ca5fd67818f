namespace Momentary.Core.Context;

/// <summary>
/// The in-process context store used by the demo and by back-tests. It honours the same contract as the Redis
/// store; expiry is evaluated against the instants callers pass (event time), never the wall clock, so
/// back-tests are deterministic. One lock guards everything: it is meant for one process and modest volumes.
/// </summary>
public sealed partial class InMemoryContextStore : ICustomerContextStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, CustomerProfile> _profiles = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (CustomerState State, long Epoch)> _states = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _friends = new(StringComparer.Ordinal);

    // customer → venue → friend → (at, expires)
    // Each customer's own latest check-in per venue; friends join them on read, like the Redis store.
    private readonly Dictionary<string, Dictionary<string, (DateTimeOffset At, DateTimeOffset Expires)>> _visits = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ReservationResult> _decisions = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Customer, string Rule), List<DateTimeOffset>> _grantsByRule = [];
    private readonly Dictionary<string, List<DateTimeOffset>> _grantsByCustomer = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Rule, DateOnly Day), int> _budgetSpent = [];
    private readonly Dictionary<string, (double Lat, double Lon, DateTimeOffset At, DateTimeOffset Expires)> _positions = new(StringComparer.Ordinal);
    private long _epoch;

    /// <inheritdoc />
    public ValueTask<CustomerContext> LoadAsync(ContextQuery query, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            var profile = query.Parts.HasFlag(ContextParts.Profile) ? _profiles.GetValueOrDefault(query.CustomerId) : null;
            var state = query.Parts.HasFlag(ContextParts.State) && _states.TryGetValue(query.CustomerId, out var stored) ? stored.State : CustomerState.Empty;
            var visits = new Dictionary<string, IReadOnlyList<FriendVisit>>(StringComparer.Ordinal);
            if (query.Parts.HasFlag(ContextParts.FriendVisits) && query.VenueIds.Count > 0 && _friends.TryGetValue(query.CustomerId, out var friends))
            {
                var since = query.Now - query.FriendWindow;
                foreach (var venueId in query.VenueIds)
                {
                    List<FriendVisit>? list = null;
                    foreach (var friend in friends)
                    {
                        if (_visits.TryGetValue(friend, out var theirs) && theirs.TryGetValue(venueId, out var visit) && visit.At >= since && visit.Expires > query.Now)
                        {
                            (list ??= []).Add(new FriendVisit(friend, visit.At));
                        }
                    }

                    if (list is not null)
                    {
                        visits[venueId] = list;
                    }
                }
            }

            return ValueTask.FromResult(new CustomerContext(profile, state, visits));
        }
    }

    /// <inheritdoc />
    public ValueTask<StateWriteOutcome> SaveStateAsync(string customerId, CustomerState state, long epoch = 0, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        ArgumentNullException.ThrowIfNull(state);
        lock (_gate)
        {
            if (!_profiles.ContainsKey(customerId))
            {
                return ValueTask.FromResult(StateWriteOutcome.NoProfile);
            }

            if (_states.TryGetValue(customerId, out var stored) && stored.Epoch > epoch)
            {
                return ValueTask.FromResult(StateWriteOutcome.Fenced);
            }

            _states[customerId] = (state, epoch);
        }

        return ValueTask.FromResult(StateWriteOutcome.Written);
    }

    /// <inheritdoc />
    public ValueTask<long> ClaimEpochAsync(TimeSpan maxDelay, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Interlocked.Increment(ref _epoch));

    /// <inheritdoc />
    public ValueTask<ReservationResult> ReserveAsync(OfferReservation reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        lock (_gate)
        {
            if (_decisions.TryGetValue(reservation.OfferId, out var earlier))
            {
                return ValueTask.FromResult(earlier with { Replayed = true });
            }

            var outcome = Decide(reservation);
            if (outcome == ReservationOutcome.Granted)
            {
                Spend(reservation);
            }

            var result = new ReservationResult(outcome, Replayed: false);
            _decisions[reservation.OfferId] = result;
            return ValueTask.FromResult(result);
        }
    }

    /// <inheritdoc />
    public ValueTask UpsertProfileAsync(CustomerProfile profile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(profile);
        lock (_gate)
        {
            _profiles[profile.CustomerId] = profile;
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask AddFriendshipAsync(string customerId, string friendId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        ArgumentNullException.ThrowIfNull(friendId);
        lock (_gate)
        {
            FriendsOf(customerId).Add(friendId);
            FriendsOf(friendId).Add(customerId);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask RecordCheckInAsync(string customerId, string venueId, DateTimeOffset at, TimeSpan retention, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        ArgumentNullException.ThrowIfNull(venueId);
        lock (_gate)
        {
            if (!_visits.TryGetValue(customerId, out var own))
            {
                _visits[customerId] = own = new(StringComparer.Ordinal);
            }

            // Keep the latest visit per venue: "N friends visited" counts people, not visits.
            if (!own.TryGetValue(venueId, out var existing) || existing.At < at)
            {
                own[venueId] = (at, at + retention);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask RecordPositionAsync(string customerId, double latitude, double longitude, DateTimeOffset at, TimeSpan ttl, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        lock (_gate)
        {
            if (!_positions.TryGetValue(customerId, out var existing) || existing.At < at)
            {
                _positions[customerId] = (latitude, longitude, at, at + ttl);
            }
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<FriendPosition>> LoadFriendPositionsAsync(string customerId, DateTimeOffset now, TimeSpan maxAge, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        var result = new List<FriendPosition>();
        lock (_gate)
        {
            if (_friends.TryGetValue(customerId, out var friends))
            {
                foreach (var friend in friends)
                {
                    if (_positions.TryGetValue(friend, out var p) && p.At >= now - maxAge && p.Expires > now)
                    {
                        result.Add(new FriendPosition(friend, p.Lat, p.Lon, p.At));
                    }
                }
            }
        }

        return ValueTask.FromResult<IReadOnlyList<FriendPosition>>(result);
    }

    /// <inheritdoc />
    public ValueTask<long> EraseCustomerAsync(string customerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        long removed = 0;
        lock (_gate)
        {
            removed += _profiles.Remove(customerId) ? 1 : 0;
            removed += _states.Remove(customerId) ? 1 : 0;
            removed += _grantsByCustomer.Remove(customerId) ? 1 : 0;
            removed += _positions.Remove(customerId) ? 1 : 0;
            if (_visits.Remove(customerId, out var own))
            {
                removed += own.Count;
            }

            if (_friends.Remove(customerId, out var friends))
            {
                removed++;
                foreach (var friend in friends)
                {
                    if (_friends.TryGetValue(friend, out var theirs))
                    {
                        theirs.Remove(customerId);
                    }
                }
            }

            removed += EraseReferrals(customerId);

            foreach (var key in _grantsByRule.Keys.Where(k => k.Customer == customerId).ToList())
            {
                _grantsByRule.Remove(key);
                removed++;
            }
        }

        return ValueTask.FromResult(removed);
    }

    private HashSet<string> FriendsOf(string customerId)
    {
        if (!_friends.TryGetValue(customerId, out var set))
        {
            _friends[customerId] = set = new HashSet<string>(StringComparer.Ordinal);
        }

        return set;
    }

    private ReservationOutcome Decide(OfferReservation r)
    {
        var caps = r.Caps;
        var byRule = _grantsByRule.GetValueOrDefault((r.CustomerId, r.RuleId));
        if (caps.MaxPerCustomer is { } max && byRule is not null && CountSince(byRule, r.Now - caps.Window) >= max)
        {
            return ReservationOutcome.CustomerCapReached;
        }

        if (caps.Cooldown is { } cooldown && byRule is { Count: > 0 } && byRule[^1] > r.Now - cooldown)
        {
            return ReservationOutcome.CoolingDown;
        }

        if (caps.MaxOffersPerCustomerPerHour is { } ceiling
            && _grantsByCustomer.TryGetValue(r.CustomerId, out var all)
            && CountSince(all, r.Now - TimeSpan.FromHours(1)) >= ceiling)
        {
            return ReservationOutcome.HourlyCeilingReached;
        }

        if (caps.DailyBudget is { } budget && _budgetSpent.GetValueOrDefault((r.RuleId, DateOnly.FromDateTime(r.Now.UtcDateTime))) >= budget)
        {
            return ReservationOutcome.BudgetExhausted;
        }

        return ReservationOutcome.Granted;
    }

    private void Spend(OfferReservation r)
    {
        var key = (r.CustomerId, r.RuleId);
        if (!_grantsByRule.TryGetValue(key, out var byRule))
        {
            _grantsByRule[key] = byRule = [];
        }

        byRule.Add(r.Now);
        if (!_grantsByCustomer.TryGetValue(r.CustomerId, out var all))
        {
            _grantsByCustomer[r.CustomerId] = all = [];
        }

        all.Add(r.Now);
        var day = (r.RuleId, DateOnly.FromDateTime(r.Now.UtcDateTime));
        _budgetSpent[day] = _budgetSpent.GetValueOrDefault(day) + 1;
    }

    private static int CountSince(List<DateTimeOffset> times, DateTimeOffset since)
    {
        var n = 0;
        foreach (var t in times)
        {
            if (t > since)
            {
                n++;
            }
        }

        return n;
    }
}
