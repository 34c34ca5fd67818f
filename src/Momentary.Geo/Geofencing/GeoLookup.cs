using Momentary.Core.Geofencing;

namespace Momentary.Geo.Geofencing;

/// <summary>The index's answer for one ping: fences containing it and venues near it (nearest first).</summary>
public sealed class GeoLookup
{
    internal GeoLookup(List<VenueProximity> containing, List<VenueProximity> near)
    {
        Containing = containing;
        Near = near;
        var ids = new List<string>(near.Count);
        foreach (var v in near)
        {
            ids.Add(v.Venue.Id); // every containing fence is also near (distance 0)
        }

        VenueIds = ids;
    }

    /// <summary>Fences whose shape contains the fix.</summary>
    public IReadOnlyList<VenueProximity> Containing { get; }

    /// <summary>Venues within the near radius, nearest first (containing ones at distance 0).</summary>
    public IReadOnlyList<VenueProximity> Near { get; }

    /// <summary>Ids of the venues whose context (friends' visits) the store must load for this ping.</summary>
    public IReadOnlyList<string> VenueIds { get; }
}
