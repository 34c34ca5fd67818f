namespace Momentary.Core.Geofencing;

/// <summary>How the customer is moving, from speed (docs/geofencing.md gives the thresholds).</summary>
public enum Motion
{
    /// <summary>No earlier fix to compare with, and the device reported no speed.</summary>
    Unknown,

    /// <summary>Below 0.5 m/s.</summary>
    Still,

    /// <summary>0.5 to 3 m/s (walking, jogging).</summary>
    Walking,

    /// <summary>3 m/s or more (cycling, driving, transit).</summary>
    Driving,
}
