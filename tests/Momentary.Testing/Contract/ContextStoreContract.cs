using Xunit;
using Momentary.Core.Context;

namespace Momentary.Testing.Contract;

/// <summary>
/// The behaviour every <see cref="ICustomerContextStore"/> must show. Run against every store (tests/Momentary.Redis.Tests/Contract: in memory, the cache, Redis, Redis per slot, a Redis Cluster) from
/// Momentary.Testing, so any new store derives it; each test gets a fresh store (Redis: its own key prefix), so tests never collide.
/// </summary>
public abstract partial class ContextStoreContract
{
    protected static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 40, 0, TimeSpan.Zero);

    protected abstract ICustomerContextStore Store { get; }

    /// <summary>
    /// Whether a save reports what became of it (write-through stores); a write-behind store learns it at its flush,
    /// so there only the state after <see cref="ICustomerContextStore.FlushAsync"/> is checked.
    /// </summary>
    protected virtual bool ReportsWriteOutcomes => true;

    /// <summary>Saves and flushes; checks the save's outcome where the store reports it.</summary>
    protected async Task Save(StateWriteOutcome expected, string customer, CustomerState state, long epoch)
    {
        var outcome = await Store.SaveStateAsync(customer, state, epoch);
        await Store.FlushAsync();
        if (ReportsWriteOutcomes)
        {
            Assert.Equal(expected, outcome);
        }
    }

    /// <summary>Gives each customer a profile: state is kept only for customers with one.</summary>
    protected async Task Known(params string[] customers)
    {
        foreach (var c in customers)
        {
            await Store.UpsertProfileAsync(new CustomerProfile { CustomerId = c });
        }
    }

    [Fact]
    public async Task Load_UnknownCustomer_HasNoProfileEmptyStateNoVisits()
    {
        var ctx = await Store.LoadAsync(Query("nobody", "aurora"));
        Assert.Null(ctx.Profile);
        Assert.Empty(ctx.State.InsideVenues);
        Assert.Null(ctx.State.LastSeen);
        Assert.Empty(ctx.FriendVisits);
    }

    [Fact]
    public async Task UpsertProfile_ThenLoad_ReturnsEveryField()
    {
        var profile = new CustomerProfile
        {
            CustomerId = "jane",
            Segments = ["fashion", "coffee"],
            Interests = ["shoes"],
            Consent = new Dictionary<string, bool> { ["offers"] = true, ["location"] = false },
            TimeZone = "Europe/Paris",
            Tier = "gold",
        };
        await Store.UpsertProfileAsync(profile);

        var loaded = (await Store.LoadAsync(Query("jane"))).Profile!;
        Assert.Equal(profile.Segments, loaded.Segments);
        Assert.Equal(profile.Interests, loaded.Interests);
        Assert.True(loaded.HasConsent("offers"));
        Assert.False(loaded.HasConsent("location"));
        Assert.Equal(("Europe/Paris", "gold"), (loaded.TimeZone, loaded.Tier));
    }

    [Fact]
    public async Task UpsertProfile_ConsentWithdrawn_TakesEffectOnNextLoad()
    {
        await Store.UpsertProfileAsync(new CustomerProfile { CustomerId = "jane", Consent = new Dictionary<string, bool> { ["offers"] = true } });
        await Store.UpsertProfileAsync(new CustomerProfile { CustomerId = "jane", Consent = new Dictionary<string, bool> { ["offers"] = false } });
        Assert.False((await Store.LoadAsync(Query("jane"))).Profile!.HasConsent("offers"));
    }

    [Fact]
    public async Task SaveState_ThenLoad_ReturnsIt()
    {
        await Known("jane"); // nothing is kept about customers without a profile
        var state = new CustomerState { InsideVenues = new Dictionary<string, DateTimeOffset> { ["aurora"] = Now.AddMinutes(-5) }, LastSeen = Now, LastLatitude = 48.86, LastLongitude = 2.34 };
        await Store.SaveStateAsync("jane", state);

        var loaded = (await Store.LoadAsync(Query("jane"))).State;
        Assert.Equal(Now.AddMinutes(-5), loaded.InsideVenues["aurora"]);
        Assert.Equal((Now, 48.86, 2.34), (loaded.LastSeen!.Value, loaded.LastLatitude!.Value, loaded.LastLongitude!.Value));
    }

    [Fact]
    public async Task SaveStates_SeveralAtOnce_EachLoadsItsOwn()
    {
        await Known("jane", "amy");
        await Store.SaveStateAsync("amy", new CustomerState { LastSeen = Now.AddDays(-1) });
        await Store.SaveStatesAsync(
        [
            new("jane", new CustomerState { LastSeen = Now, LastLatitude = 48.86 }),
            new("amy", new CustomerState { LastSeen = Now.AddMinutes(1), LastLatitude = 40.0 }),
        ]);

        Assert.Equal((Now, 48.86), ((await Store.LoadAsync(Query("jane"))).State.LastSeen!.Value, (await Store.LoadAsync(Query("jane"))).State.LastLatitude!.Value));
        var amy = (await Store.LoadAsync(Query("amy"))).State;
        Assert.Equal((Now.AddMinutes(1), 40.0), (amy.LastSeen!.Value, amy.LastLatitude!.Value)); // replaced the older state
    }

    [Fact]
    public async Task SaveState_WithoutAProfile_IsRefusedAndNothingIsKept()
    {
        await Save(StateWriteOutcome.NoProfile, "nobody", new CustomerState { LastSeen = Now, LastLatitude = 48.85 }, 0);

        Assert.Null((await Store.LoadAsync(Query("nobody"))).State.LastSeen);
    }

    [Fact]
    public async Task SaveState_UnderAnOlderEpochThanTheStoredState_IsFencedOff()
    {
        await Known("jane");
        var stale = await Store.ClaimEpochAsync(TimeSpan.FromSeconds(5));
        var owner = await Store.ClaimEpochAsync(TimeSpan.FromSeconds(5));
        await Save(StateWriteOutcome.Written, "jane", new CustomerState { LastSeen = Now }, owner);

        // The owner before the rebalance flushes late: refused, the new owner's state stays.
        await Save(StateWriteOutcome.Fenced, "jane", new CustomerState { LastSeen = Now.AddMinutes(-1) }, stale);

        Assert.Equal(Now, (await Store.LoadAsync(Query("jane"))).State.LastSeen);
        await Save(StateWriteOutcome.Written, "jane", new CustomerState { LastSeen = Now.AddMinutes(1) }, owner); // the owner's next write
        Assert.Equal(Now.AddMinutes(1), (await Store.LoadAsync(Query("jane"))).State.LastSeen);
    }

    [Fact]
    public async Task SaveState_UnderANewerEpoch_TakesOverFromTheOlder()
    {
        await Known("jane");
        var first = await Store.ClaimEpochAsync(TimeSpan.FromSeconds(5));
        await Save(StateWriteOutcome.Written, "jane", new CustomerState { LastSeen = Now }, first);
        var next = await Store.ClaimEpochAsync(TimeSpan.FromSeconds(5));

        await Save(StateWriteOutcome.Written, "jane", new CustomerState { LastSeen = Now.AddMinutes(1) }, next);
        await Save(StateWriteOutcome.Fenced, "jane", new CustomerState { LastSeen = Now.AddMinutes(2) }, first);

        Assert.Equal(Now.AddMinutes(1), (await Store.LoadAsync(Query("jane"))).State.LastSeen);
    }

    [Fact]
    public async Task SaveStates_MixedOutcomes_ReportsEachInOrder()
    {
        await Known("jane", "amy");
        var stale = await Store.ClaimEpochAsync(TimeSpan.FromSeconds(5));
        var owner = await Store.ClaimEpochAsync(TimeSpan.FromSeconds(5));
        await Save(StateWriteOutcome.Written, "amy", new CustomerState { LastSeen = Now }, owner);

        var outcomes = await Store.SaveStatesAsync(
        [
            new("jane", new CustomerState { LastSeen = Now }, stale),
            new("amy", new CustomerState { LastSeen = Now.AddMinutes(-5) }, stale),
            new("nobody", new CustomerState { LastSeen = Now }, owner),
        ]);
        await Store.FlushAsync();

        if (ReportsWriteOutcomes)
        {
            Assert.Equal([StateWriteOutcome.Written, StateWriteOutcome.Fenced, StateWriteOutcome.NoProfile], outcomes);
        }

        Assert.Equal(Now, (await Store.LoadAsync(Query("jane"))).State.LastSeen);
        Assert.Equal(Now, (await Store.LoadAsync(Query("amy"))).State.LastSeen);
        Assert.Null((await Store.LoadAsync(Query("nobody"))).State.LastSeen);
    }

    [Fact]
    public async Task SaveStates_MoreCustomersThanOneScriptCallTakes_EachFencedOnItsOwn()
    {
        // 600 customers (more than one script call holds, across many slots on a cluster): every third has no
        // profile, every fifth known one holds a newer owner's state, the rest are written; outcomes stay in order.
        var ids = Enumerable.Range(0, 600).Select(i => $"bulk-{i}").ToArray();
        await Known([.. ids.Where((_, i) => i % 3 != 0)]);
        var stale = await Store.ClaimEpochAsync(TimeSpan.FromSeconds(5));
        var owner = await Store.ClaimEpochAsync(TimeSpan.FromSeconds(5));
        StateWriteOutcome Expected(int i) => i % 3 == 0 ? StateWriteOutcome.NoProfile : i % 5 == 0 ? StateWriteOutcome.Fenced : StateWriteOutcome.Written;
        await Store.SaveStatesAsync([.. ids.Select((c, i) => new StateWrite(c, new CustomerState { LastSeen = Now }, owner)).Where((_, i) => Expected(i) == StateWriteOutcome.Fenced)]);
        await Store.FlushAsync();

        var outcomes = await Store.SaveStatesAsync([.. ids.Select((c, i) => new StateWrite(c, new CustomerState { LastSeen = Now.AddMinutes(i) }, stale))]);
        await Store.FlushAsync();

        if (ReportsWriteOutcomes)
        {
            Assert.Equal(ids.Select((_, i) => Expected(i)), outcomes);
        }

        for (var i = 0; i < ids.Length; i++)
        {
            Assert.Equal(Expected(i) switch { StateWriteOutcome.NoProfile => null, StateWriteOutcome.Fenced => Now, _ => Now.AddMinutes(i) }, (await Store.LoadAsync(Query(ids[i]))).State.LastSeen);
        }
    }

    [Fact]
    public async Task ClaimEpoch_ManyAtOnce_AreDistinctAndEachGreaterThanAnyEarlier()
    {
        var before = await Store.ClaimEpochAsync(TimeSpan.FromSeconds(5));

        var claims = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => Store.ClaimEpochAsync(TimeSpan.FromSeconds(5)).AsTask()));

        Assert.Equal(50, claims.Distinct().Count());
        Assert.All(claims, c => Assert.True(c > before));
    }

    [Fact]
    public async Task Erase_ThenAStateWriteAlreadyOnItsWay_IsRefused()
    {
        await Known("jane");
        await Save(StateWriteOutcome.Written, "jane", new CustomerState { LastSeen = Now }, 0);

        await Store.EraseCustomerAsync("jane");
        await Save(StateWriteOutcome.NoProfile, "jane", new CustomerState { LastSeen = Now, LastLatitude = 48.85, LastLongitude = 2.35 }, 0);

        Assert.Null((await Store.LoadAsync(Query("jane"))).State.LastSeen); // the position was not written back
    }

    [Fact]
    public async Task SaveState_RoundTripsRoutinesPropensitiesAndExposures()
    {
        await Known("jane");
        var state = new CustomerState
        {
            Routines = new Dictionary<string, PurchaseRoutine> { ["grocery"] = new(Now.AddDays(-9), 4, 168.5) },
            Propensities = new Dictionary<string, CategoryPropensity> { ["fashion"] = new(3.5, 1.25, Now) },
            Exposures = [new OfferExposure("aurora-friends", "fashion", Now.AddHours(3), Control: true)],
        };
        await Store.SaveStateAsync("jane", state);

        var loaded = (await Store.LoadAsync(Query("jane"))).State;
        Assert.Equal(state.Routines["grocery"], loaded.Routines["grocery"]);
        Assert.Equal(state.Propensities["fashion"], loaded.Propensities["fashion"]);
        Assert.Equal(state.Exposures, loaded.Exposures);
    }

    [Theory]
    [InlineData("}jane")] // a leading '}' would leave Redis an empty hash tag: each key on its own slot
    [InlineData("ja}ne")]
    [InlineData("{jane}")]
    [InlineData("ja{ne")]
    [InlineData("")]
    public async Task CustomerIdWithBraces_KeepsItsOwnContextCapsFriendsVisitsAndIsErasedAlone(string odd)
    {
        await Known(odd, "ja");
        await Store.AddFriendshipAsync(odd, "ja");
        await Store.AddFriendshipAsync("amy", odd);
        await Store.RecordCheckInAsync(odd, "aurora", Now.AddDays(-1), TimeSpan.FromDays(30));
        await Save(StateWriteOutcome.Written, odd, new CustomerState { LastSeen = Now }, epoch: 1);
        var caps = new CapPolicy(1, TimeSpan.FromDays(1));
        Assert.True((await Reserve("o1", caps, Now, odd)).Granted);
        Assert.False((await Reserve("o2", caps, Now, odd)).Granted);
        Assert.True((await Reserve("o3", caps, Now, "ja")).Granted); // "ja}ne" and "ja" share no cap

        var loaded = await Store.LoadAsync(Query(odd));
        Assert.Equal(Now, loaded.State.LastSeen);
        Assert.Equal(odd, Assert.Single((await Store.LoadAsync(Query("amy", "aurora"))).FriendVisits["aurora"]).FriendId);
        Assert.Null((await Store.LoadAsync(Query("ja"))).State.LastSeen);

        await Store.EraseCustomerAsync(odd);
        Assert.Null((await Store.LoadAsync(Query(odd))).Profile);
        Assert.Empty((await Store.LoadAsync(Query("amy", "aurora"))).FriendVisits);
        Assert.NotNull((await Store.LoadAsync(Query("ja"))).Profile);
        Assert.False((await Reserve("o4", caps, Now, "ja")).Granted); // ja's grant survived the erasure next door
    }

    protected Task<ReservationResult> Reserve(string offerId, CapPolicy caps, DateTimeOffset at, string customer = "jane") =>
        Store.ReserveAsync(new OfferReservation(offerId, customer, "rule", at, caps)).AsTask();

    protected static ContextQuery Query(string customer, params string[] venues) => new(customer, venues, TimeSpan.FromDays(14), Now);
}
