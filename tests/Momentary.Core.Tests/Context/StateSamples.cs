using Momentary.Core.Context;

namespace Momentary.Core.Tests.Context;

/// <summary>States for the codec tests: one with every field populated, one at the sizes the engine caps.</summary>
internal static class StateSamples
{
    public static readonly DateTimeOffset T0 = new(2026, 11, 24, 10, 40, 0, TimeSpan.Zero);

    /// <summary>Every field set, with a non-UTC offset, sub-millisecond ticks, nulls and non-nulls in the optional fields.</summary>
    public static CustomerState Rich() => new()
    {
        InsideVenues = new Dictionary<string, DateTimeOffset> { ["aurora"] = T0.AddTicks(1234), ["café-été"] = new DateTimeOffset(2026, 11, 24, 11, 40, 0, TimeSpan.FromHours(1)) },
        LastSeen = T0.AddTicks(9_999),
        LastLatitude = 48.860611111111,
        LastLongitude = -2.3376,
        LastVisits = new Dictionary<string, DateTimeOffset> { ["aurora"] = T0, ["kiosk"] = T0.AddDays(-3).ToOffset(TimeSpan.FromMinutes(-570)) },
        RecentSignals = RecentMarks.Empty.Add("p-0", ["aurora"], []).Add("p-1", [], ["kiosk", "aurora"]).Add("p-2", [], []),
        Routines = new Dictionary<string, PurchaseRoutine> { ["coffee"] = new(T0.AddDays(-1), 7, 25.5), ["shoes"] = new(T0, 1, 0) },
        Propensities = new Dictionary<string, CategoryPropensity>
        {
            ["fashion"] = new(3.25, 1.0000000001, T0, T0.AddMinutes(-5)),
            ["food"] = new(0, 0, T0.AddMilliseconds(-1)),
        },
        Exposures =
        [
            new OfferExposure("boutique", "fashion", T0.AddHours(3), Control: false, T0, "of_1", Converted: true, Variant: "b"),
            new OfferExposure("old", "food", T0.AddHours(1), Control: true), // From = MinValue, written before From existed
        ],
        HeartRates = [new HeartRateSample(T0.AddMinutes(-1), 92), new HeartRateSample(T0, 141)],
    };

    /// <summary>The engine's caps (64 visits, 16 exposures, 120 heart rates), long and non-ASCII strings, extreme values.</summary>
    public static CustomerState Large()
    {
        var visits = Enumerable.Range(0, 64).ToDictionary(i => $"venue-{i:D3}-{new string('x', i)}", i => T0.AddDays(-i).AddTicks(i));
        return new CustomerState
        {
            InsideVenues = new Dictionary<string, DateTimeOffset> { [new string('é', 5_000)] = DateTimeOffset.MinValue, ["max"] = DateTimeOffset.MaxValue, ["east"] = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.FromHours(14)) },
            LastSeen = new DateTimeOffset(1969, 12, 31, 23, 59, 59, 999, TimeSpan.FromHours(-14)).AddTicks(1),
            LastLatitude = double.MaxValue,
            LastLongitude = double.Epsilon,
            LastVisits = visits,
            RecentSignals = Enumerable.Range(0, 8).Aggregate(RecentMarks.Empty, (marks, i) => marks.Add($"s-{i}-🙂", [.. visits.Keys.Take(i)], [.. visits.Keys.Skip(i).Take(2)])),
            Routines = Enumerable.Range(0, 40).ToDictionary(i => $"cat-{i}", i => new PurchaseRoutine(T0.AddHours(-i), int.MaxValue - i, i * 1000.1)),
            Propensities = Enumerable.Range(0, 40).ToDictionary(i => $"cat-{i}", i => new CategoryPropensity(-i, double.MinValue, T0, i % 2 == 0 ? null : T0.AddSeconds(i))),
            Exposures = [.. Enumerable.Range(0, CustomerState.MaxExposures).Select(i => new OfferExposure($"rule-{i}", $"cat-{i}", T0.AddHours(i), i % 2 == 0, T0, i % 3 == 0 ? null : $"of_{i}", i % 5 == 0, i % 4 == 0 ? null : "v"))],
            HeartRates = [.. Enumerable.Range(0, CustomerState.MaxHeartRates).Select(i => new HeartRateSample(T0.AddMinutes(i), i == 0 ? int.MinValue : 60 + i))],
        };
    }
}
