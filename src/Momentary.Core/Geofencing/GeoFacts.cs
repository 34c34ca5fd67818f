namespace Momentary.Core.Geofencing;

/// <summary>
/// What a location ping means geographically for one customer, computed by the geofence layer from the
/// ping and the customer's previous fence state. Pure data: the rules read it and never touch geometry.
/// </summary>
public sealed record GeoFacts
{
    // Optional doubles are stored as doubles, NaN for none (a double? takes 16 bytes, and one of these records is
    // made per signal or ping: docs/performance.md, "Seventh session"). Equality is unchanged: NaN equals NaN here.
    private readonly double _speed = double.NaN;
    private readonly double _heading = double.NaN;

    /// <summary>No geographic facts (non-location signals, or a ping outside every fence).</summary>
    public static GeoFacts Empty { get; } = new();

    /// <summary>Fences the customer has just entered with this ping.</summary>
    public IReadOnlyList<VenueProximity> Entered { get; init; } = [];

    /// <summary>Fences the customer is inside after this ping (including just entered).</summary>
    public IReadOnlyList<VenueProximity> Inside { get; init; } = [];

    /// <summary>Fences the customer has just left with this ping.</summary>
    public IReadOnlyList<VenueProximity> Exited { get; init; } = [];

    /// <summary>Venues within the configured search radius, nearest first.</summary>
    public IReadOnlyList<VenueProximity> Near { get; init; } = [];

    /// <summary>Speed over ground in m/s: the device's, else derived from the previous fix; <c>null</c> when unknown.</summary>
    public double? SpeedMetersPerSecond { get => double.IsNaN(_speed) ? null : _speed; init => _speed = value ?? double.NaN; }

    /// <summary>Direction of travel, degrees clockwise from true north; <c>null</c> when unknown or still.</summary>
    public double? HeadingDegrees { get => double.IsNaN(_heading) ? null : _heading; init => _heading = value ?? double.NaN; }

    /// <summary>Still, walking or driving, from <see cref="SpeedMetersPerSecond"/>.</summary>
    public Motion Motion { get; init; }
}
