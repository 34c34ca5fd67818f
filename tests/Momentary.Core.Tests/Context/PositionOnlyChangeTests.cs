using System.Reflection;
using Momentary.Core.Context;

namespace Momentary.Core.Tests.Context;

/// <summary>Which saves may wait in the cache (docs/context-store.md, "Position-only changes wait"), and which may not.</summary>
public sealed class PositionOnlyChangeTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromMinutes(2);
    private static readonly DateTimeOffset T0 = StateSamples.T0;

    // Outside every fence, seen at T0, one transition in its marks: what the store holds.
    private static readonly CustomerState Written = new()
    {
        LastSeen = T0,
        LastLatitude = 48.86,
        LastLongitude = 2.34,
        RecentSignals = RecentMarks.Empty.Add("p-0", [], ["aurora"]),
        LastVisits = new Dictionary<string, DateTimeOffset> { ["aurora"] = T0.AddMinutes(-10) },
    };

    // What the geofencer makes of a quiet ping: the fix moves, a transition-free mark is added, every other field's instance is kept.
    private static CustomerState Quiet(CustomerState state, TimeSpan after, string id) => state with
    {
        LastSeen = T0 + after,
        LastLatitude = state.LastLatitude + 0.0001,
        RecentSignals = state.RecentSignals.Add(id, [], []),
    };

    [Fact]
    public void QuietPingsOutsideEveryFence_WithinTheInterval_MayWait()
    {
        var next = Quiet(Quiet(Written, TimeSpan.FromSeconds(20), "p-1"), TimeSpan.FromSeconds(40), "p-2");

        Assert.True(PositionOnlyChange.Holds(Written, next, Interval));
    }

    [Fact]
    public void AFixAtOrPastTheInterval_IsWritten()
    {
        Assert.False(PositionOnlyChange.Holds(Written, Quiet(Written, Interval, "p-1"), Interval));
        Assert.True(PositionOnlyChange.Holds(Written, Quiet(Written, Interval - TimeSpan.FromTicks(1), "p-1"), Interval));
    }

    [Fact]
    public void ZeroInterval_WritesEverySave()
    {
        Assert.False(PositionOnlyChange.Holds(Written, Quiet(Written, TimeSpan.FromSeconds(1), "p-1"), TimeSpan.Zero));
    }

    [Fact]
    public void ATransition_IsWritten()
    {
        var entered = Quiet(Written, TimeSpan.FromSeconds(10), "p-1") with
        {
            RecentSignals = Written.RecentSignals.Add("p-1", ["kiosk"], []),
        };

        Assert.False(PositionOnlyChange.Holds(Written, entered, Interval));
    }

    [Fact]
    public void InsideAFence_EveryFixIsWritten_ForTheDwellTriggerReadsTheLastSeenTime()
    {
        var inside = Written with { InsideVenues = new Dictionary<string, DateTimeOffset> { ["aurora"] = T0 } };

        Assert.False(PositionOnlyChange.Holds(inside, Quiet(inside, TimeSpan.FromSeconds(10), "p-1"), Interval));
    }

    [Fact]
    public void AnyOtherField_IsWritten()
    {
        var quiet = Quiet(Written, TimeSpan.FromSeconds(10), "p-1");
        CustomerState[] changed =
        [
            quiet with { LastVisits = new Dictionary<string, DateTimeOffset>(Written.LastVisits) },
            quiet with { Routines = new Dictionary<string, PurchaseRoutine> { ["coffee"] = new(T0, 1, 0) } },
            quiet with { Propensities = new Dictionary<string, CategoryPropensity> { ["fashion"] = new(1, 0, T0) } },
            quiet with { Exposures = [new OfferExposure("r", "fashion", T0.AddHours(1), Control: false, T0, "of_1")] },
            quiet with { HeartRates = [new HeartRateSample(T0, 90)] },
            quiet with { InsideVenues = new Dictionary<string, DateTimeOffset>() }, // an equal but new instance: written
        ];

        Assert.All(changed, next => Assert.False(PositionOnlyChange.Holds(Written, next, Interval)));
    }

    [Fact]
    public void AnOlderOrMissingFix_IsWritten()
    {
        Assert.False(PositionOnlyChange.Holds(Written, Quiet(Written, TimeSpan.FromSeconds(-5), "p-1"), Interval));
        Assert.False(PositionOnlyChange.Holds(Written with { LastSeen = null }, Quiet(Written, TimeSpan.FromSeconds(5), "p-1"), Interval));
    }

    [Fact]
    public void MarksPushedOutOfTheRing_AreFine_TransitionsTheWrittenStateHolds_AreKept()
    {
        var next = Written;
        for (var i = 1; i <= 10; i++)
        {
            next = Quiet(next, TimeSpan.FromSeconds(i), $"p-{i}");
        }

        Assert.False(next.RecentSignals.Contains("p-0"));
        Assert.Empty(next.RecentSignals.Transitions);
        Assert.True(PositionOnlyChange.Holds(Written, next, Interval));
    }

    [Fact]
    public void Covered_NamesEverySettablePropertyOfTheState()
    {
        // A property added to the state must be compared here too, or a change of it alone would wait unwritten.
        var properties = typeof(CustomerState).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true }).Select(p => p.Name);

        Assert.Equal(properties.Order(), PositionOnlyChange.Covered.Order());
    }
}
