namespace Momentary.Core.Geofencing;

/// <summary>
/// What a location ping means geographically for one customer, computed by the geofence layer from the
/// ping and the customer's previous fence state. Pure data: the rules read it and never touch geometry.
/// </summary>
public sealed record GeoFacts
{
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
    public double? SpeedMetersPerSecond { get; init; }

    /// <summary>Direction of travel, degrees clockwise from true north; <c>null</c> when unknown or still.</summary>
    public double? HeadingDegrees { get; init; }

    /// <summary>Still, walking or driving, from <see cref="SpeedMetersPerSecond"/>.</summary>
    public Motion Motion { get; init; }
}
