using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Momentary.Core.Context;

namespace Momentary.Core.Tests.Context;

/// <summary>Decode(Encode(s)) is s, field by field, over generated states (times with offsets and ticks, unicode keys, nulls).</summary>
public sealed class CustomerStateCodecPropertyTests
{
    private static readonly string[] Alphabet = ["a", "b", "x", "z", "-", "_", "0", "9", " ", "é", "ü", "€", "中", "\u00A0", "🙂"];

    private static Gen<string> Text =>
        from n in Gen.Choose(0, 12)
        from parts in Gen.Elements(Alphabet).ArrayOf(n)
        select string.Concat(parts);

    private static Gen<DateTimeOffset> Time =>
        from ticks in Gen.Zip(Gen.Choose(0, int.MaxValue), Gen.Choose(0, int.MaxValue))
        from kind in Gen.Choose(0, 9)
        from offset in Gen.Choose(-14 * 60, 14 * 60)
        select Instant(ticks.Item1, ticks.Item2, kind, offset);

    private static Gen<double> Number => Gen.OneOf(Gen.Elements(0.0, -0.0, 1e-300, double.MaxValue, double.MinValue, 48.8606), ArbMap.Default.GeneratorFor<NormalFloat>().Select(f => f.Get));

    private static Gen<T?> Maybe<T>(Gen<T> gen) where T : struct => Gen.OneOf(Gen.Constant<T?>(null), gen.Select(v => (T?)v));

    private static Gen<string?> MaybeText => Gen.OneOf(Gen.Constant<string?>(null), Text.Select(t => (string?)t));

    private static Gen<Dictionary<string, T>> Map<T>(Gen<T> value) =>
        from pairs in Gen.Zip(Text, value).ListOf().Resize(6)
        select pairs.DistinctBy(p => p.Item1).ToDictionary(p => p.Item1, p => p.Item2);

    private static Gen<CustomerState> States =>
        from inside in Map(Time)
        from seen in Maybe(Time)
        from lat in Maybe(Number)
        from lon in Maybe(Number)
        from visits in Map(Time)
        from marks in Marks.ArrayOf().Resize(10)
        from routines in Map(Routines)
        from propensities in Map(Propensities)
        from exposures in Exposures.ArrayOf().Resize(CustomerState.MaxExposures)
        from rates in Gen.Zip(Time, ArbMap.Default.GeneratorFor<int>()).Select(h => new HeartRateSample(h.Item1, h.Item2)).ArrayOf().Resize(20)
        select new CustomerState
        {
            InsideVenues = inside, LastSeen = seen, LastLatitude = lat, LastLongitude = lon, LastVisits = visits,
            RecentSignals = marks.Aggregate(RecentMarks.Empty, (recent, m) => recent.Add(m.Id, m.Entered, m.Exited)),
            Routines = routines, Propensities = propensities, Exposures = exposures, HeartRates = rates,
        };

    private static Gen<(string Id, string[] Entered, string[] Exited)> Marks =>
        from id in Text
        from entered in Text.ArrayOf().Resize(3)
        from exited in Text.ArrayOf().Resize(3)
        select (id, entered, exited);

    // Everyday times and gaps: the JSON view computes Due (last purchase + mean gap), which must be a valid time.
    private static Gen<PurchaseRoutine> Routines =>
        from last in Time.Where(t => t.Year is > 1999 and < 2200)
        from purchases in ArbMap.Default.GeneratorFor<int>()
        from mean in Gen.Choose(0, 1_000_000).Select(h => h / 7.0)
        select new PurchaseRoutine(last, purchases, mean);

    private static Gen<CategoryPropensity> Propensities =>
        from counts in Gen.Zip(Number, Number)
        from updated in Time
        from redeemed in Maybe(Time)
        select new CategoryPropensity(counts.Item1, counts.Item2, updated, redeemed);

    private static Gen<OfferExposure> Exposures =>
        from ids in Gen.Zip(Text, Text)
        from times in Gen.Zip(Time, Time)
        from flags in Gen.Zip(ArbMap.Default.GeneratorFor<bool>(), ArbMap.Default.GeneratorFor<bool>())
        from optional in Gen.Zip(MaybeText, MaybeText)
        select new OfferExposure(ids.Item1, ids.Item2, times.Item1, flags.Item1, times.Item2, optional.Item1, flags.Item2, optional.Item2);

    [Property(MaxTest = 500)]
    public Property Decode_OfEncode_IsTheSameStateFieldByField() => Prop.ForAll(States.ToArbitrary(), state =>
    {
        StateAssert.Same(state, CustomerStateCodec.Decode(CustomerStateCodec.Encode(state)));
        StateAssert.Same(state, CustomerStateCodec.Decode(CustomerStateCodec.EncodeFenced(state, 12)));
    });

    [Property(MaxTest = 200)]
    public Property Decode_OfTheOldJson_IsTheStateTheBinaryFormatReadsBack() => Prop.ForAll(States.ToArbitrary(), state =>
    {
        // A state the old codec wrote, read by this one and written again as binary, is unchanged.
        var fromJson = CustomerStateCodec.Decode(CustomerStateCodec.EncodeJson(state));
        StateAssert.Same(state, CustomerStateCodec.Decode(CustomerStateCodec.Encode(fromJson)));
    });

    // Mostly everyday instants (2000-2100) at whole seconds or milliseconds, sometimes with ticks, sometimes anywhere in range.
    private static DateTimeOffset Instant(int a, int b, int kind, int offsetMinutes)
    {
        var offset = TimeSpan.FromMinutes(kind % 3 == 0 ? offsetMinutes : 0);
        var span = kind == 9 ? DateTimeOffset.MaxValue.UtcTicks - (2 * TimeSpan.TicksPerDay) : 100L * 365 * TimeSpan.TicksPerDay;
        var start = kind == 9 ? TimeSpan.TicksPerDay : new DateTimeOffset(2000, 1, 1, 0, 0, 0, TimeSpan.Zero).UtcTicks;
        var ticks = start + (long)(((((ulong)(uint)a << 31) | (uint)b) % (ulong)span));
        ticks -= kind switch { < 4 => ticks % TimeSpan.TicksPerSecond, < 7 => ticks % TimeSpan.TicksPerMillisecond, _ => 0 };
        return new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(offset);
    }
}
