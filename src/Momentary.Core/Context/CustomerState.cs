namespace Momentary.Core.Context;

/// <summary>
/// Per-customer state the engine itself writes (fence membership, last position, routines, propensities). The partition that owns the
/// customer is its only writer, so a whole-value write after each signal is race-free.
/// </summary>
public sealed record CustomerState
{
    // Optional doubles are stored as doubles, NaN for none (a double? takes 16 bytes, and one of these records is
    // made per signal or ping: docs/performance.md, "Seventh session"). Equality is unchanged: NaN equals NaN here.
    private readonly double _lastLatitude = double.NaN;
    private readonly double _lastLongitude = double.NaN;

    /// <summary>A customer never seen before.</summary>
    public static CustomerState Empty { get; } = new();

    /// <summary>Fences the customer is inside, with the time they entered each (venue id → entered at).</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> InsideVenues { get; init; } = new Dictionary<string, DateTimeOffset>();

    /// <summary>Event time of the last location signal applied; older pings are out of order.</summary>
    public DateTimeOffset? LastSeen { get; init; }

    /// <summary>Last known latitude, WGS84 degrees.</summary>
    public double? LastLatitude { get => double.IsNaN(_lastLatitude) ? null : _lastLatitude; init => _lastLatitude = value ?? double.NaN; }

    /// <summary>Last known longitude, WGS84 degrees.</summary>
    public double? LastLongitude { get => double.IsNaN(_lastLongitude) ? null : _lastLongitude; init => _lastLongitude = value ?? double.NaN; }

    /// <summary>When the customer last entered each venue (venue id → time), for "welcome back" rules; kept 366 days, for the 64 most recently entered venues.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> LastVisits { get; init; } = new Dictionary<string, DateTimeOffset>();

    /// <summary>The last few location signals (newest last) and the transitions they made, for replay after a crash.</summary>
    public RecentMarks RecentSignals { get; init; }

    /// <summary>Buying rhythm per product category, for routine ("you are due") rules.</summary>
    public IReadOnlyDictionary<string, PurchaseRoutine> Routines { get; init; } = new Dictionary<string, PurchaseRoutine>();

    /// <summary>Redemption propensity per offer category, used by propensity conditions and arbitration.</summary>
    public IReadOnlyDictionary<string, CategoryPropensity> Propensities { get; init; } = new Dictionary<string, CategoryPropensity>();

    /// <summary>Offers received or held out from whose attribution window is still open (at most <see cref="MaxExposures"/>, newest last).</summary>
    public IReadOnlyList<OfferExposure> Exposures { get; init; } = [];

    /// <summary>
    /// Recent heart-rate readings, oldest first, at most one a minute and <see cref="MaxHeartRates"/> in all; recorded
    /// only while a rule needs them (an exercise trigger), for as long as the longest such rule looks back.
    /// </summary>
    public IReadOnlyList<HeartRateSample> HeartRates { get; init; } = [];

    /// <summary>How many heart-rate readings are remembered (two hours at one a minute).</summary>
    public const int MaxHeartRates = 120;

    /// <summary>How many open exposures are remembered.</summary>
    public const int MaxExposures = 16;

    /// <summary>The customer's propensity for offers of <paramref name="category"/> at <paramref name="now"/>.</summary>
    public double PropensityFor(string category, DateTimeOffset now) =>
        Propensities.TryGetValue(category, out var p) ? p.Estimate(now) : CategoryPropensity.Prior;
}
