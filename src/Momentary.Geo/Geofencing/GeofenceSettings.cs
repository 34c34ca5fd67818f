namespace Momentary.Geo.Geofencing;

/// <summary>How pings become fence transitions. Defaults suit phone GPS in cities.</summary>
public sealed record GeofenceSettings
{
    /// <summary>
    /// Venues within this distance are reported as near, and their friends' visits loaded with the context.
    /// Default 0: only the fences the customer is in; set it to the largest "within D metres" a rule uses, since
    /// every near venue costs a distance computation and a store read per ping.
    /// </summary>
    public double NearRadiusMeters { get; init; }

    /// <summary>A fix less accurate than this never causes an enter (it may still keep a customer inside). Default 100 m.</summary>
    public double MaxAccuracyForEnterMeters { get; init; } = 100;

    /// <summary>
    /// To exit, a fix must lie farther than this plus its own accuracy radius outside the fence, so a customer
    /// standing at the edge with jittering fixes does not flap in and out. Default 15 m.
    /// </summary>
    public double ExitHysteresisMeters { get; init; } = 15;

    /// <summary>
    /// A customer's last-seen time further than this ahead of the processing clock is not trusted: it was written by a
    /// ping from a device whose clock was far ahead (or before signal times were bounded), and trusting it would make
    /// every later ping look out of order and be ignored until that time. Default 1 day, as the processor's bound on
    /// signal times.
    /// </summary>
    public TimeSpan MaxClockSkew { get; init; } = TimeSpan.FromDays(1);
}
