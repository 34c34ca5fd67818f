using Momentary.Testing.Traits;
using FsCheck;
using FsCheck.Fluent;
using Momentary.Core.Context;
using Momentary.Redis.Store;
using Momentary.Redis.Tests.Support;
using Momentary.Testing.Redis;
using StackExchange.Redis;

namespace Momentary.Redis.Tests.Contract;

/// <summary>
/// Every multi-key operation of the store is slot-local by construction: all keys of a customer share one hash slot
/// whatever the id (braces included), different ids never share a key, and on a real Redis Cluster no operation
/// ever meets a CROSSSLOT error.
/// </summary>
[Collection(RedisClusterCollection.Name)]
[Trait(Needs.Trait, Needs.Redis)]
public sealed class RedisClusterSlotTests(RedisClusterFixture redis)
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 10, 40, 0, TimeSpan.Zero);

    // Ids built from characters that matter to hash tags and glob patterns, and any string at all.
    private static readonly Gen<string> Ids = Gen.OneOf(
        Gen.ArrayOf(Gen.Elements('{', '}', 'a', 'b', ':', '*', '?', '[', ']', '\\', 'é', ' ', '#', 'h')).Select(cs => new string(cs)),
        ArbMap.Default.GeneratorFor<string>().Where(s => s is not null));

    [Fact]
    public void Keys_OfAnyCustomerId_AllHashToOneSlot_AndNoTwoIdsShareAKey()
    {
        var keys = new RedisKeys("m:");
        Prop.ForAll(Ids.ToArbitrary(), Ids.ToArbitrary(), (a, b) =>
        {
            RedisKey[] all = [keys.Profile(a), keys.State(a), keys.Position(a), keys.Friends(a), keys.Visits(a), keys.Decision(a, "o{1}"), keys.RuleGrants(a, "r}"), keys.AllGrants(a), keys.ReferralCodes(a), keys.ReferralCredited(a), keys.ReferralEarnings(a)];
            var slot = redis.Connection.HashSlot(all[0]);
            return all.All(k => redis.Connection.HashSlot(k) == slot) && (a == b || keys.Profile(a) != keys.Profile(b));
        }).QuickCheckThrowOnFailure();
    }

    [Fact]
    public void Store_AnyCustomerIdOnTheCluster_NeverMeetsACrossSlotError()
    {
        using var store = redis.CreateStore();
        var n = 0;
        var config = Config.QuickThrowOnFailure.WithMaxTest(60);
        Prop.ForAll(Ids.ToArbitrary(), Ids.ToArbitrary(), (customer, friend) =>
        {
            var offer = $"o{Interlocked.Increment(ref n)}";
            Exercise(store, customer, friend, offer).GetAwaiter().GetResult();
            return true;
        }).Check(config);
    }

    // Every multi-key path: both scripts of a reservation (budget overdrawn: the undo), the fenced state write, the
    // referral credit, the per-slot friends' join, the multi-key delete of an erasure.
    private static async Task Exercise(RedisContextStore store, string customer, string friend, string offer)
    {
        await store.UpsertProfileAsync(new CustomerProfile { CustomerId = customer });
        await store.AddFriendshipAsync(customer, friend);
        await store.RecordCheckInAsync(friend, "v{1}", Now.AddHours(-1), TimeSpan.FromDays(1));
        await store.LoadAsync(new ContextQuery(customer, ["v{1}", "w"], TimeSpan.FromDays(1), Now));
        Assert.NotEqual(StateWriteOutcome.Fenced, await store.SaveStateAsync(customer, new CustomerState { LastSeen = Now }, 1));
        await store.ReserveAsync(new OfferReservation(offer, customer, "r{x}", Now, new CapPolicy(2, TimeSpan.FromDays(1)) { DailyBudget = 0 }));
        await store.ReserveAsync(new OfferReservation(offer + "b", customer, "r", Now, new CapPolicy(2, TimeSpan.FromDays(1))));
        var code = Referrals.Code(customer, offer);
        await store.RegisterReferralAsync(new ReferralLink(code, customer, 5m, Now.AddDays(1)));
        await store.CreditReferralAsync(code, friend + "x", offer, 10m, Now);
        await store.LoadFriendPositionsAsync(customer, Now, TimeSpan.FromHours(1));
        await store.EraseCustomerAsync(customer);
        Assert.Null((await store.LoadAsync(new ContextQuery(customer, [], TimeSpan.FromDays(1), Now))).Profile);
    }
}
