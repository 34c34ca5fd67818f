namespace Momentary.Geo.Geofencing;

/// <summary>How pings become fence transitions. Defaults suit phone GPS in cities.</summary>
public sealed record GeofenceSettings
{
    /// <summary>Venues within this distance are reported as near (and their friends' visits loaded). Default 300 m.</summary>
    public double NearRadiusMeters { get; init; } = 300;

    /// <summary>A fix less accurate than this never causes an enter (it may still keep a customer inside). Default 100 m.</summary>
    public double MaxAccuracyForEnterMeters { get; init; } = 100;

    /// <summary>
    /// To exit, a fix must lie farther than this plus its own accuracy radius outside the fence, so a customer
    /// standing at the edge with jittering fixes does not flap in and out. Default 15 m.
    /// </summary>
    public double ExitHysteresisMeters { get; init; } = 15;
}
