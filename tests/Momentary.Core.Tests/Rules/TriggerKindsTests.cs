using Momentary.Core.Context;
using Momentary.Core.Geofencing;
using Momentary.Core.Rules;
using Momentary.Core.Signals;
using Momentary.Core.Venues;

namespace Momentary.Core.Tests.Rules;

/// <summary>Each trigger kind fires on its event, and only on it.</summary>
public sealed class TriggerKindsTests
{
    private static readonly Venue Aurora = new("aurora", "Aurora", "fashion");
    private static readonly Venue FreshCo = new("freshco", "FreshCo", "grocery");
    private static readonly Dictionary<string, Venue> Venues = new() { ["aurora"] = Aurora, ["freshco"] = FreshCo };
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 17, 0, 0, TimeSpan.Zero);

    private const string Rules = """
        version: 1
        rules:
          - id: enter
            trigger: { enter: { category: grocery } }
            offer: { message: "Hello {venue}", validFor: 1h }
          - id: exit
            trigger: { exit: { venue: aurora } }
            offer: { message: "Come back to {venue}", validFor: 1h }
          - id: dwell
            trigger: { dwell: { category: fashion, atLeast: 10m } }
            offer: { message: "Still browsing at {venue}?", validFor: 1h }
          - id: near
            trigger: { near: { venue: freshco, within: 300m } }
            offer: { message: "{venue} is {distance} m away", validFor: 1h }
          - id: steps
            trigger: { steps: { atLeast: 10000 } }
            offer: { message: "Nice walk", validFor: 1h }
          - id: after-run
            trigger: { afterExercise: { heartRateAbove: 140, for: 20m, restBelow: 100 } }
            offer: { message: "Smoothie after your run", validFor: 1h }
          - id: friend-here
            trigger: { friendCheckIn: { within: 30m, radius: 200m } }
            offer: { message: "{friends} friend(s) at {venue}", validFor: 1h }
          - id: share
            trigger: { share: { rewardPercent: 5 } }
            offer: { message: "Code {referralCode}", validFor: 30d }
          - id: routine
            trigger: { routine: { category: grocery, overdueBy: 2d, within: 1km } }
            offer: { message: "{overdueDays} days overdue, {venue} {distance} m", validFor: 4h }
        """;

    private readonly RuleBook _book = RuleBookLoader.Parse(Rules, "t.yaml", Venues);

    [Fact]
    public void Book_DerivesTheNearRadiusAndFriendWindowItNeeds()
    {
        Assert.Equal(1000, _book.NearRadiusMeters);
        Assert.Equal(TimeSpan.FromMinutes(30), _book.FriendWindow);
    }

    [Fact]
    public void Exit_FiresOnLeavingTheVenue()
    {
        var fired = Location(new GeoFacts { Exited = [new VenueProximity(Aurora, 20)] });
        Assert.Equal("exit", Assert.Single(fired).RuleId);
        Assert.Equal("exit:aurora", fired[0].Explanation!.Trigger);
        Assert.Equal("you just left Aurora", fired[0].Explanation!.Summary);
    }

    [Fact]
    public void Enter_WithoutAConditionThatExplains_SaysWhereTheCustomerWalkedIn()
    {
        var fired = Location(new GeoFacts { Entered = [new VenueProximity(FreshCo, 0)] });
        Assert.Equal(("enter:freshco", "you walked into FreshCo"), (Assert.Single(fired).Explanation!.Trigger, fired[0].Explanation!.Summary));
    }

    [Fact]
    public void Dwell_FiresOnceWhenTheStayFirstReachesTheThreshold()
    {
        var inside = new GeoFacts { Inside = [new VenueProximity(Aurora, 0)] };
        CustomerState State(int lastSeenMinutesAgo) => new()
        {
            InsideVenues = new Dictionary<string, DateTimeOffset> { ["aurora"] = Now.AddMinutes(-12) },
            LastSeen = Now.AddMinutes(-lastSeenMinutesAgo),
        };

        var crossing = Location(inside, State(lastSeenMinutesAgo: 4)); // 8 min before, 12 min now
        Assert.Equal("dwell", Assert.Single(crossing).RuleId);
        Assert.Contains(crossing[0].Explanation!.Facts, f => f is { Name: "dwell", Value: "12m", Requirement: ">= 10m" });
        Assert.Empty(Location(inside, State(lastSeenMinutesAgo: 1))); // 11 min before: already fired on an earlier ping
    }

    [Fact]
    public void Near_FiresWithinTheRadiusOutsideTheFence_NotBeyondIt()
    {
        var fired = Location(new GeoFacts { Near = [new VenueProximity(FreshCo, 240)] });
        Assert.Equal("FreshCo is 240 m away", Assert.Single(fired).Message);
        Assert.Empty(Location(new GeoFacts { Near = [new VenueProximity(FreshCo, 310)] }));
    }

    [Fact]
    public void Steps_FiresAtTheThreshold()
    {
        Assert.Equal("steps", Assert.Single(Evaluate(new WearableReading { Id = "w", CustomerId = "jane", Timestamp = Now, Steps = 10_000 })).RuleId);
        Assert.Empty(Evaluate(new WearableReading { Id = "w", CustomerId = "jane", Timestamp = Now, Steps = 9_999 }));
    }

    [Fact]
    public void AfterExercise_RestRightAfterALongEnoughElevatedSpell_FiresOncePerSpell()
    {
        // 25 minutes at 150 bpm ending 5 minutes ago, then cooling down at 120.
        var run = Enumerable.Range(0, 26).Select(m => new HeartRateSample(Now.AddMinutes(-30 + m), 150)).Append(new HeartRateSample(Now.AddMinutes(-2), 120)).ToList();
        var fired = Wearable(88, run);
        Assert.Equal("after-run", Assert.Single(fired).RuleId);
        Assert.Equal("after 25 minutes with your heart rate above 140 bpm, you are resting at 88 bpm", fired[0].Explanation!.Summary);
        Assert.Contains(fired[0].Explanation!.Facts, f => f is { Name: "elevatedHeartRate", Value: "25m at >= 140 bpm", Requirement: ">= 20m" });

        Assert.Empty(Wearable(105, run)); // not resting yet
        Assert.Empty(Wearable(88, [.. run, new HeartRateSample(Now.AddMinutes(-1), 85)])); // already rested since: fired then
        Assert.Empty(Wearable(88, run.Skip(10).ToList())); // a 15-minute spell: too short
        Assert.Empty(Wearable(88, run.Select(s => s with { At = s.At.AddMinutes(-40) }).ToList())); // the spell ended 45 minutes ago
    }

    [Fact]
    public void AfterExercise_ImpossibleThresholds_AreLocatedErrors()
    {
        const string yaml = "version: 1\nrules:\n  - id: x\n    trigger: { afterExercise: { heartRateAbove: 100, for: 3h, restBelow: 120 } }\n    offer: { message: m, validFor: 1h }\n";
        var errors = Assert.Throws<RuleFileException>(() => RuleBookLoader.Parse(yaml, "x.yaml", Venues)).Errors;
        Assert.Contains(errors, e => e.Line == 4 && e.Problem.Contains("must be from 1m to 2h", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Line == 4 && e.Problem.Contains("can never fire: 'restBelow' (120)", StringComparison.Ordinal));
    }

    [Fact]
    public void HeartRate_IsKeptAMinuteApart_ForTheLongestExerciseRule()
    {
        Assert.Equal(TimeSpan.FromMinutes(50), _book.HeartRateWindow);
        var s = CustomerStateUpdates.AfterHeartRate(CustomerState.Empty, Now, 150, _book.HeartRateWindow);
        Assert.Same(s, CustomerStateUpdates.AfterHeartRate(s, Now.AddSeconds(30), 151, _book.HeartRateWindow)); // too soon
        s = CustomerStateUpdates.AfterHeartRate(s, Now.AddMinutes(1), 152, _book.HeartRateWindow);
        s = CustomerStateUpdates.AfterHeartRate(s, Now.AddMinutes(51), 90, _book.HeartRateWindow); // the first is now 51 minutes old: dropped
        Assert.Equal([new HeartRateSample(Now.AddMinutes(1), 152), new HeartRateSample(Now.AddMinutes(51), 90)], s.HeartRates);
    }

    [Fact]
    public void FriendCheckIn_FriendsAtANearbyVenueWithinTheWindow_Fire()
    {
        var visits = new Dictionary<string, IReadOnlyList<FriendVisit>> { ["aurora"] = [new("amy", Now.AddMinutes(-10)), new("ben", Now.AddMinutes(-50))] };
        var fired = Location(new GeoFacts { Near = [new VenueProximity(Aurora, 120)] }, visits: visits);
        Assert.Equal("1 friend(s) at Aurora", Assert.Single(fired).Message);
        Assert.Empty(Location(new GeoFacts { Near = [new VenueProximity(Aurora, 250)] }, visits: visits)); // beyond 200 m
    }

    [Fact]
    public void Share_HandsOutADeterministicReferralLink()
    {
        var share = new SocialEvent { Id = "s", CustomerId = "jane", Timestamp = Now, Action = SocialAction.Share, PurchaseId = "p-1" };
        var candidate = Assert.Single(Evaluate(share));
        Assert.Equal(Referrals.Code("jane", "p-1"), candidate.Referral!.Code);
        Assert.Equal("Code " + candidate.Referral.Code, candidate.Message);
        Assert.Equal(("jane", 5m, Now.AddDays(30)), (candidate.Referral.SharerId, candidate.Referral.RewardPercent, candidate.Referral.Expires));
        Assert.Empty(Evaluate(share with { PurchaseId = null })); // nothing shared, nothing to refer
    }

    [Fact]
    public void Routine_OverdueAndNearAStoreOfTheCategory_Fires()
    {
        // Weekly shopper, last purchase 9 days ago: 2 days overdue.
        var state = new CustomerState { Routines = new Dictionary<string, PurchaseRoutine> { ["grocery"] = new(Now.AddDays(-9), 4, 7 * 24) } };
        var fired = Location(new GeoFacts { Near = [new VenueProximity(FreshCo, 800)] }, state);
        Assert.Equal("2 days overdue, FreshCo 800 m", Assert.Single(fired).Message);

        var recent = new CustomerState { Routines = new Dictionary<string, PurchaseRoutine> { ["grocery"] = new(Now.AddDays(-8), 4, 7 * 24) } };
        Assert.Empty(Location(new GeoFacts { Near = [new VenueProximity(FreshCo, 800)] }, recent)); // only 1 day overdue
        Assert.Empty(Location(new GeoFacts { Near = [new VenueProximity(FreshCo, 1200)] }, state)); // too far
        var noCadence = new CustomerState { Routines = new Dictionary<string, PurchaseRoutine> { ["grocery"] = new(Now.AddDays(-30), 1, 0) } };
        Assert.Empty(Location(new GeoFacts { Near = [new VenueProximity(FreshCo, 800)] }, noCadence)); // one purchase: no rhythm yet
    }

    [Fact]
    public void PurchaseRoutine_LearnsTheCadenceAsAWeightedMean()
    {
        var r = new PurchaseRoutine(Now, 1, 0).After(Now.AddDays(7));
        Assert.Equal(7 * 24, r.MeanIntervalHours, 6);
        r = r.After(Now.AddDays(17)); // a 10-day gap pulls the mean 30% of the way
        Assert.Equal((0.3 * 240) + (0.7 * 168), r.MeanIntervalHours, 6);
        Assert.Same(r, r.After(Now.AddDays(3))); // older purchase (a replay): unchanged
    }

    private List<OfferCandidate> Location(GeoFacts geo, CustomerState? state = null, Dictionary<string, IReadOnlyList<FriendVisit>>? visits = null)
    {
        var ping = new LocationPing { Id = "l", CustomerId = "jane", Timestamp = Now, Latitude = 0, Longitude = 0 };
        var fired = new List<OfferCandidate>();
        _book.Evaluate(new EvaluationInput(ping, geo, new CustomerContext(Profile, state ?? CustomerState.Empty, visits ?? []), Now), fired);
        AssertEverySummaryIsASentence(fired);
        return fired;
    }

    private List<OfferCandidate> Wearable(int bpm, List<HeartRateSample> samples)
    {
        var reading = new WearableReading { Id = "h", CustomerId = "jane", Timestamp = Now, HeartRate = bpm };
        var fired = new List<OfferCandidate>();
        _book.Evaluate(new EvaluationInput(reading, GeoFacts.Empty, new CustomerContext(Profile, new CustomerState { HeartRates = samples }, new Dictionary<string, IReadOnlyList<FriendVisit>>()), Now), fired);
        AssertEverySummaryIsASentence(fired);
        return fired;
    }

    private List<OfferCandidate> Evaluate(Signal signal)
    {
        var fired = new List<OfferCandidate>();
        _book.Evaluate(new EvaluationInput(signal, GeoFacts.Empty, new CustomerContext(Profile, CustomerState.Empty, new Dictionary<string, IReadOnlyList<FriendVisit>>()), Now), fired);
        AssertEverySummaryIsASentence(fired);
        return fired;
    }

    private static CustomerProfile Profile => new() { CustomerId = "jane" };

    // docs/rules.md promises one sentence per offer explaining why, whatever the trigger kind.
    private static void AssertEverySummaryIsASentence(List<OfferCandidate> fired) =>
        Assert.All(fired, c => Assert.False(string.IsNullOrWhiteSpace(c.Explanation!.Summary), c.RuleId + " has an empty summary"));
}
