using Xunit;
using Momentary.Core.Context;

namespace Momentary.Testing.Contract;

/// <summary>The contract's social side (check-ins fanned out to friends, friends' positions, referrals), caps and budgets, and erasure.</summary>
public abstract partial class ContextStoreContract
{
    [Fact]
    public async Task CheckIn_FansOutToFriends_CountedPerVenueWithinWindow()
    {
        foreach (var friend in new[] { "amy", "ben", "cleo", "dan" })
        {
            await Store.AddFriendshipAsync("jane", friend);
        }

        await Store.RecordCheckInAsync("amy", "aurora", Now.AddDays(-2), TimeSpan.FromDays(30));
        await Store.RecordCheckInAsync("ben", "aurora", Now.AddDays(-5), TimeSpan.FromDays(30));
        await Store.RecordCheckInAsync("ben", "aurora", Now.AddDays(-6), TimeSpan.FromDays(30)); // older, out of order: latest kept
        await Store.RecordCheckInAsync("dan", "aurora", Now.AddDays(-20), TimeSpan.FromDays(30)); // outside the 14-day window
        await Store.RecordCheckInAsync("cleo", "freshco", Now.AddDays(-1), TimeSpan.FromDays(30));
        await Store.RecordCheckInAsync("stranger", "aurora", Now.AddDays(-1), TimeSpan.FromDays(30));

        var ctx = await Store.LoadAsync(new ContextQuery("jane", ["aurora"], TimeSpan.FromDays(14), Now));

        Assert.Equal(["amy", "ben"], ctx.FriendVisits["aurora"].Select(v => v.FriendId).Order(StringComparer.Ordinal));
        Assert.Equal(Now.AddDays(-5), ctx.FriendVisits["aurora"].Single(v => v.FriendId == "ben").At);
        Assert.False(ctx.FriendVisits.ContainsKey("freshco")); // not asked for
        Assert.Equal(2, ctx.FriendsVisited("aurora", Now.AddDays(-14)));
        Assert.Equal(1, ctx.FriendsVisited("aurora", Now.AddDays(-3)));
    }

    [Fact]
    public async Task CheckIn_BeforeTheFriendship_CountsOnceTheyAreFriends()
    {
        await Store.RecordCheckInAsync("amy", "aurora", Now.AddDays(-1), TimeSpan.FromDays(30));
        var before = await Store.LoadAsync(new ContextQuery("jane", ["aurora"], TimeSpan.FromDays(14), Now));
        await Store.AddFriendshipAsync("jane", "amy");

        var after = await Store.LoadAsync(new ContextQuery("jane", ["aurora"], TimeSpan.FromDays(14), Now));
        Assert.Empty(before.FriendVisits);
        Assert.Equal(Now.AddDays(-1), after.FriendVisits["aurora"].Single(v => v.FriendId == "amy").At);
    }

    [Fact]
    public async Task CheckIn_PastItsRetention_IsGoneWhileANewerVisitElsewhereLives()
    {
        await Store.AddFriendshipAsync("jane", "amy");
        await Store.RecordCheckInAsync("amy", "kiosk", Now.AddDays(-1), TimeSpan.FromDays(30));
        await Store.RecordCheckInAsync("amy", "aurora", Now.AddDays(-10), TimeSpan.FromDays(5)); // arrives late, already expired

        var ctx = await Store.LoadAsync(new ContextQuery("jane", ["aurora", "kiosk"], TimeSpan.FromDays(30), Now));
        Assert.Equal(0, ctx.FriendsVisited("aurora", Now.AddDays(-30)));
        Assert.Equal(1, ctx.FriendsVisited("kiosk", Now.AddDays(-30)));
    }

    [Fact]
    public async Task CheckIn_OlderThanRetention_IsGone()
    {
        await Store.AddFriendshipAsync("jane", "amy");
        await Store.RecordCheckInAsync("amy", "aurora", Now.AddDays(-10), TimeSpan.FromDays(5));

        var ctx = await Store.LoadAsync(new ContextQuery("jane", ["aurora"], TimeSpan.FromDays(30), Now));
        Assert.Equal(0, ctx.FriendsVisited("aurora", Now.AddDays(-30)));
    }

    [Fact]
    public async Task Reserve_CustomerCap_GrantsExactlyTheCapWithinTheWindow()
    {
        var caps = new CapPolicy(2, TimeSpan.FromDays(1));
        Assert.True((await Reserve("o1", caps, Now)).Granted);
        Assert.True((await Reserve("o2", caps, Now.AddMinutes(1))).Granted);
        Assert.Equal(ReservationOutcome.CustomerCapReached, (await Reserve("o3", caps, Now.AddMinutes(2))).Outcome);
        Assert.True((await Reserve("o4", caps, Now.AddDays(1).AddSeconds(1))).Granted); // o1 left the window
    }

    [Fact]
    public async Task Reserve_Cooldown_DeniesUntilItPasses()
    {
        var caps = new CapPolicy(10, TimeSpan.FromDays(1), Cooldown: TimeSpan.FromHours(6));
        Assert.True((await Reserve("o1", caps, Now)).Granted);
        Assert.Equal(ReservationOutcome.CoolingDown, (await Reserve("o2", caps, Now.AddHours(5))).Outcome);
        Assert.True((await Reserve("o3", caps, Now.AddHours(6).AddSeconds(1))).Granted);
    }

    [Fact]
    public async Task Reserve_DailyBudget_IsSharedAcrossCustomers()
    {
        var caps = new CapPolicy(null, TimeSpan.FromDays(1), DailyBudget: 2);
        Assert.True((await Store.ReserveAsync(new OfferReservation("b1", "c1", "rule", Now, caps))).Granted);
        Assert.True((await Store.ReserveAsync(new OfferReservation("b2", "c2", "rule", Now, caps))).Granted);
        Assert.Equal(ReservationOutcome.BudgetExhausted, (await Store.ReserveAsync(new OfferReservation("b3", "c3", "rule", Now, caps))).Outcome);
        Assert.True((await Store.ReserveAsync(new OfferReservation("b4", "c3", "rule", Now.AddDays(1), caps))).Granted); // next UTC day
    }

    [Fact]
    public async Task Reserve_DeniedByBudget_DoesNotSpendTheCustomersCap()
    {
        var caps = new CapPolicy(1, TimeSpan.FromDays(2), DailyBudget: 1);
        Assert.True((await Store.ReserveAsync(new OfferReservation("d1", "c1", "rule", Now, caps))).Granted);
        Assert.Equal(ReservationOutcome.BudgetExhausted, (await Store.ReserveAsync(new OfferReservation("d2", "c2", "rule", Now, caps))).Outcome);
        Assert.True((await Store.ReserveAsync(new OfferReservation("d3", "c2", "rule", Now.AddDays(1), caps))).Granted);
    }

    [Fact]
    public async Task Reserve_ManyCustomersRacingForABudget_GrantsExactlyTheBudget()
    {
        var caps = new CapPolicy(null, TimeSpan.FromDays(1), DailyBudget: 5);
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(i => Task.Run(async () => await Store.ReserveAsync(new OfferReservation($"race-{i}", $"c{i}", "rule", Now, caps)))));
        Assert.Equal(5, results.Count(r => r.Granted));
    }

    [Fact]
    public async Task Reserve_HourlyCeiling_CountsEveryRule()
    {
        var caps = new CapPolicy(null, TimeSpan.FromDays(1), MaxOffersPerCustomerPerHour: 2);
        Assert.True((await Store.ReserveAsync(new OfferReservation("h1", "jane", "r1", Now, caps))).Granted);
        Assert.True((await Store.ReserveAsync(new OfferReservation("h2", "jane", "r2", Now.AddMinutes(10), caps))).Granted);
        Assert.Equal(ReservationOutcome.HourlyCeilingReached, (await Store.ReserveAsync(new OfferReservation("h3", "jane", "r3", Now.AddMinutes(20), caps))).Outcome);
        Assert.True((await Store.ReserveAsync(new OfferReservation("h4", "jane", "r3", Now.AddMinutes(61), caps))).Granted);
    }

    [Fact]
    public async Task Reserve_SameOfferIdAgain_ReturnsOriginalDecisionAndSpendsNothing()
    {
        var caps = new CapPolicy(1, TimeSpan.FromDays(1));
        var first = await Reserve("o1", caps, Now);
        var replay = await Reserve("o1", caps, Now.AddMinutes(1));
        Assert.Equal(new ReservationResult(ReservationOutcome.Granted, false), first);
        Assert.Equal(new ReservationResult(ReservationOutcome.Granted, true), replay);
        Assert.Equal(ReservationOutcome.CustomerCapReached, (await Reserve("o2", caps, Now.AddMinutes(2))).Outcome);
        var deniedReplay = await Reserve("o2", caps, Now.AddMinutes(3));
        Assert.Equal(new ReservationResult(ReservationOutcome.CustomerCapReached, true), deniedReplay);
    }

    [Fact]
    public async Task Reserve_ManyConcurrentForOneCustomer_GrantsExactlyTheCap()
    {
        var caps = new CapPolicy(3, TimeSpan.FromDays(1));
        var results = await Task.WhenAll(Enumerable.Range(0, 50).Select(i => Task.Run(async () => await Reserve($"race-{i}", caps, Now))));
        Assert.Equal(3, results.Count(r => r.Granted));
        Assert.Equal(47, results.Count(r => r.Outcome == ReservationOutcome.CustomerCapReached));
    }

    [Fact]
    public async Task Erase_RemovesTheCustomerAndEveryEntryAboutThem()
    {
        await Store.UpsertProfileAsync(new CustomerProfile { CustomerId = "amy" });
        await Store.SaveStateAsync("amy", new CustomerState { LastSeen = Now });
        await Store.AddFriendshipAsync("amy", "jane");
        await Store.AddFriendshipAsync("amy", "ben");
        await Store.RecordCheckInAsync("amy", "aurora", Now.AddDays(-1), TimeSpan.FromDays(30));
        await Store.RecordCheckInAsync("ben", "freshco", Now.AddDays(-1), TimeSpan.FromDays(30)); // amy's own fanned-in entry
        await Reserve("o1", new CapPolicy(1, TimeSpan.FromDays(1)), Now, customer: "amy");

        var removed = await Store.EraseCustomerAsync("amy");

        Assert.True(removed >= 5, $"removed {removed}");
        var amy = await Store.LoadAsync(new ContextQuery("amy", ["freshco"], TimeSpan.FromDays(30), Now));
        Assert.Null(amy.Profile);
        Assert.Null(amy.State.LastSeen);
        Assert.Empty(amy.FriendVisits);
        var jane = await Store.LoadAsync(new ContextQuery("jane", ["aurora"], TimeSpan.FromDays(30), Now));
        Assert.Empty(jane.FriendVisits); // amy's check-in no longer counts for her friends
        await Store.RecordCheckInAsync("jane", "kiosk", Now, TimeSpan.FromDays(30));
        var benAfter = await Store.LoadAsync(new ContextQuery("ben", ["kiosk"], TimeSpan.FromDays(30), Now));
        Assert.Empty(benAfter.FriendVisits); // and the friendship itself is gone both ways
        Assert.True((await Reserve("o2", new CapPolicy(1, TimeSpan.FromDays(1)), Now, customer: "amy")).Granted); // caps reset
    }

    [Fact]
    public async Task FriendPositions_OnlyFriendsAndOnlyFresh()
    {
        await Store.AddFriendshipAsync("jane", "amy");
        await Store.AddFriendshipAsync("jane", "ben");
        await Store.RecordPositionAsync("amy", 48.8601, 2.3401, Now.AddMinutes(-2), TimeSpan.FromMinutes(15));
        await Store.RecordPositionAsync("ben", 48.9000, 2.4000, Now.AddMinutes(-40), TimeSpan.FromHours(2)); // too old for the question asked
        await Store.RecordPositionAsync("stranger", 48.8601, 2.3401, Now, TimeSpan.FromMinutes(15));

        var positions = await Store.LoadFriendPositionsAsync("jane", Now, TimeSpan.FromMinutes(15));

        var amy = Assert.Single(positions);
        Assert.Equal(("amy", 48.8601, 2.3401, Now.AddMinutes(-2)), (amy.FriendId, amy.Latitude, amy.Longitude, amy.At));
    }

    [Fact]
    public async Task Referral_PurchaseThroughTheLink_CreditsTheSharerOncePerPurchase()
    {
        var code = Referrals.Code("jane", "p-1");
        await Store.RegisterReferralAsync(new ReferralLink(code, "jane", 5m, Now.AddDays(30)));

        var first = await Store.CreditReferralAsync(code, "amy", "amy-buy-1", 120.00m, Now.AddHours(1));
        var replay = await Store.CreditReferralAsync(code, "amy", "amy-buy-1", 120.00m, Now.AddHours(1));
        var second = await Store.CreditReferralAsync(code, "ben", "ben-buy-1", 19.99m, Now.AddHours(2));

        Assert.Equal(new ReferralCredit("jane", "2026-11", 6.00m, 6.00m, Duplicate: false), first);
        Assert.Equal(new ReferralCredit("jane", "2026-11", 6.00m, 6.00m, Duplicate: true), replay); // nothing more credited; the purchase's reward, for the notice
        Assert.Equal(new ReferralCredit("jane", "2026-11", 1.00m, 7.00m, Duplicate: false), second); // 0.9995 rounds to 1.00
        Assert.Equal(7.00m, await Store.LoadReferralEarningsAsync("jane", "2026-11"));
        Assert.Equal(0m, await Store.LoadReferralEarningsAsync("jane", "2026-12"));
    }

    [Fact]
    public async Task ReferralStatement_ListsEachCreditedPurchaseOnce_AndTheMonthsTotals_AndGoesWithErasure()
    {
        var code = Referrals.Code("jane", "p-3");
        await Store.RegisterReferralAsync(new ReferralLink(code, "jane", 10m, Now.AddDays(60)));
        await Store.CreditReferralAsync(code, "amy", "amy-buy-2", 50.00m, Now.AddHours(1));
        await Store.CreditReferralAsync(code, "amy", "amy-buy-2", 50.00m, Now.AddHours(1)); // replayed
        await Store.CreditReferralAsync(code, "ben", "ben-buy-2", 30.00m, Now.AddDays(10)); // December

        var statement = await Store.LoadReferralStatementAsync("jane");

        Assert.Equal([new ReferralMonth("2026-11", 5.00m), new ReferralMonth("2026-12", 3.00m)], statement.Months);
        Assert.Equal(
            [new ReferralEarning("amy-buy-2", "2026-11", 5.00m, Now.AddHours(1)), new ReferralEarning("ben-buy-2", "2026-12", 3.00m, Now.AddDays(10))],
            statement.Credits);
        Assert.Empty((await Store.LoadReferralStatementAsync("amy")).Credits);

        await Store.EraseCustomerAsync("jane");
        var erased = await Store.LoadReferralStatementAsync("jane");
        Assert.Empty(erased.Months);
        Assert.Empty(erased.Credits);
    }

    [Fact]
    public async Task Referral_UnknownExpiredOrSelfReferral_CreditsNothing()
    {
        var code = Referrals.Code("jane", "p-2");
        await Store.RegisterReferralAsync(new ReferralLink(code, "jane", 5m, Now.AddDays(30)));

        Assert.Null(await Store.CreditReferralAsync("r_unknown", "amy", "b1", 10m, Now));
        Assert.Null(await Store.CreditReferralAsync(code, "jane", "b2", 10m, Now)); // her own purchase
        Assert.Null(await Store.CreditReferralAsync(code, "amy", "b3", 10m, Now.AddDays(31))); // after expiry
        Assert.Equal(0m, await Store.LoadReferralEarningsAsync("jane", "2026-11"));
    }

    [Fact]
    public async Task Erase_RemovesReferralLinksAndEarnings()
    {
        var code = Referrals.Code("jane", "p-3");
        await Store.RegisterReferralAsync(new ReferralLink(code, "jane", 5m, Now.AddDays(30)));
        await Store.CreditReferralAsync(code, "amy", "b1", 100m, Now);

        await Store.EraseCustomerAsync("jane");

        Assert.Equal(0m, await Store.LoadReferralEarningsAsync("jane", "2026-11"));
        Assert.Null(await Store.CreditReferralAsync(code, "amy", "b2", 100m, Now));
    }
}
