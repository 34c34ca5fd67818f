using Momentary.Core.Geofencing;

namespace Momentary.Geo.Geofencing;

/// <summary>The index's answer for one ping: fences containing it and venues near it (nearest first).</summary>
public sealed class GeoLookup
{
    /// <summary>No fence contains the fix and no venue is near it (most pings): one shared answer, nothing allocated.</summary>
    public static GeoLookup Nothing { get; } = new([], []);

    internal GeoLookup(IReadOnlyList<VenueProximity> containing, IReadOnlyList<VenueProximity> near)
    {
        Containing = containing;
        Near = near;
        if (near.Count == 0)
        {
            VenueIds = [];
            return;
        }

        var ids = new string[near.Count];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = near[i].Venue.Id; // every containing fence is also near (distance 0)
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
