namespace Momentary.Core.Rules.Triggers;

/// <summary>Which of a ping's venue lists (<see cref="Geofencing.GeoFacts"/>) a place-bound trigger kind reacts to; matched in this order.</summary>
internal enum VenueFact
{
    /// <summary>Fences the ping has just entered.</summary>
    Entered,

    /// <summary>Fences the ping has just left.</summary>
    Exited,

    /// <summary>Fences the customer is inside after the ping.</summary>
    Inside,

    /// <summary>Venues within the near search radius (those inside at distance 0), nearest first.</summary>
    Near,
}
