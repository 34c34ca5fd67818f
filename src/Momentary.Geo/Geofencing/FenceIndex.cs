using Momentary.Core.Geofencing;
using Momentary.Geo.Venues;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index;
using NetTopologySuite.Index.Strtree;

namespace Momentary.Geo.Geofencing;

/// <summary>
/// An immutable spatial index over a catalog's fences: an STR-tree of bounding boxes narrows candidates, then
/// each candidate answers exactly in its own metric frame (prepared polygons, circles). Safe to share across
/// threads; rebuild to change.
/// </summary>
public sealed class FenceIndex
{
    [ThreadStatic]
    private static CandidateCollector? t_collector;

    private readonly STRtree<Fence> _tree;
    private readonly Dictionary<string, Fence> _byId;

    private FenceIndex(VenueCatalog catalog, STRtree<Fence> tree)
    {
        Catalog = catalog;
        _tree = tree;
        _byId = catalog.Fences.ToDictionary(f => f.Venue.Id, StringComparer.Ordinal);
    }

    /// <summary>The venues indexed.</summary>
    public VenueCatalog Catalog { get; }

    /// <summary>Builds the index (about 4 ms per 1,000 polygons).</summary>
    public static FenceIndex Build(VenueCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var tree = new STRtree<Fence>(Math.Max(2, Math.Min(16, catalog.Fences.Count)));
        foreach (var fence in catalog.Fences)
        {
            var e = fence.DegreeEnvelope;
            tree.Insert(e, fence);

            // Fences over the antimeridian (or circles reaching across it) are also indexed on the other side.
            if (e.MaxX > 180)
            {
                tree.Insert(new Envelope(e.MinX - 360, e.MaxX - 360, e.MinY, e.MaxY), fence);
            }
            else if (e.MinX < -180)
            {
                tree.Insert(new Envelope(e.MinX + 360, e.MaxX + 360, e.MinY, e.MaxY), fence);
            }
        }

        tree.Build();
        return new FenceIndex(catalog, tree);
    }

    /// <summary>Appends the venues whose fence contains the point (distance 0).</summary>
    public void Containing(double lat, double lon, List<VenueProximity> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var start = results.Count;
        var candidates = Candidates(new Envelope(lon, lon, lat, lat));
        foreach (var fence in candidates)
        {
            if (fence.Contains(lat, lon) && !Seen(results, start, fence))
            {
                results.Add(new VenueProximity(fence.Venue, 0));
            }
        }
    }

    /// <summary>Distance in metres from the point to one venue's fence (0 inside); <c>false</c> when the venue is not indexed.</summary>
    public bool TryDistance(string venueId, double lat, double lon, out double meters)
    {
        if (_byId.TryGetValue(venueId, out var fence))
        {
            meters = fence.DistanceMeters(lat, lon);
            return true;
        }

        meters = double.NaN;
        return false;
    }

    /// <summary>Appends venues (optionally of one category) whose fence lies within <paramref name="radiusMeters"/>, nearest first; distance 0 inside.</summary>
    public void Near(double lat, double lon, double radiusMeters, List<VenueProximity> results, string? category = null)
    {
        ArgumentNullException.ThrowIfNull(results);
        var dLat = radiusMeters / LocalFrame.MetersPerDegreeLatitude;
        var dLon = radiusMeters / Math.Max(new LocalFrame(lat, lon).MetersPerDegreeLongitude, 1e-6);
        var start = results.Count;
        foreach (var fence in Candidates(new Envelope(lon - dLon, lon + dLon, lat - dLat, lat + dLat)))
        {
            if (Seen(results, start, fence))
            {
                continue; // found twice: a query box over the antimeridian meets both copies
            }

            if (category is not null && !string.Equals(fence.Venue.Category, category, StringComparison.Ordinal))
            {
                continue;
            }

            var d = fence.DistanceMeters(lat, lon);
            if (d <= radiusMeters)
            {
                results.Add(new VenueProximity(fence.Venue, d));
            }
        }

        if (results.Count - start > 1)
        {
            results.Sort(start, results.Count - start, ByDistance.Instance);
        }
    }

    private List<Fence> Candidates(Envelope envelope)
    {
        var collector = t_collector ??= new CandidateCollector();
        collector.Items.Clear();
        _tree.Query(envelope, collector);

        // A query box crossing the antimeridian is also asked on the other side of it.
        if (envelope.MinX < -180)
        {
            _tree.Query(new Envelope(envelope.MinX + 360, 180, envelope.MinY, envelope.MaxY), collector);
        }
        else if (envelope.MaxX > 180)
        {
            _tree.Query(new Envelope(-180, envelope.MaxX - 360, envelope.MinY, envelope.MaxY), collector);
        }

        return collector.Items;
    }

    private static bool Seen(List<VenueProximity> results, int start, Fence fence)
    {
        for (var i = start; i < results.Count; i++)
        {
            if (ReferenceEquals(results[i].Venue, fence.Venue))
            {
                return true;
            }
        }

        return false;
    }

    private sealed class CandidateCollector : IItemVisitor<Fence>
    {
        public List<Fence> Items { get; } = [];

        public void VisitItem(Fence item) => Items.Add(item);
    }

    private sealed class ByDistance : IComparer<VenueProximity>
    {
        public static readonly ByDistance Instance = new();

        public int Compare(VenueProximity? x, VenueProximity? y) => x!.DistanceMeters.CompareTo(y!.DistanceMeters);
    }
}
