using Momentary.Core.Geofencing;
using Momentary.Geo.Venues;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index;
using NetTopologySuite.Index.Strtree;

namespace Momentary.Geo.Geofencing;

/// <summary>
/// An immutable spatial index over a catalog's fences. Point lookups (the per-ping question) go through a sparse
/// grid of cells about twice a typical fence's size: the point's cell lists the few fences whose box meets it.
/// Fences much larger than a cell, and radius searches, use an STR-tree of bounding boxes. Either way each
/// candidate then answers exactly in its own metric frame (polygon rings, circles). Safe to share across
/// threads; rebuild to change.
/// </summary>
public sealed class FenceIndex
{
    [ThreadStatic]
    private static CandidateCollector? t_collector;

    // A fence covering more cells than this is looked up through the large-fence tree instead of the grid.
    private const int MaxCellsPerFence = 64;

    private readonly STRtree<Fence> _tree;
    private readonly Dictionary<string, Fence> _byId;
    private readonly Dictionary<long, GridEntry[]> _grid;
    private readonly double _cell;
    private readonly STRtree<Fence>? _large;

    private FenceIndex(VenueCatalog catalog, STRtree<Fence> tree, Dictionary<long, GridEntry[]> grid, double cell, STRtree<Fence>? large)
    {
        Catalog = catalog;
        _tree = tree;
        _grid = grid;
        _cell = cell;
        _large = large;
        _byId = catalog.Fences.ToDictionary(f => f.Venue.Id, StringComparer.Ordinal);
    }

    /// <summary>The venues indexed.</summary>
    public VenueCatalog Catalog { get; }

    /// <summary>Builds the index (about 4 ms per 1,000 polygons).</summary>
    public static FenceIndex Build(VenueCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        var tree = new STRtree<Fence>(Math.Max(2, Math.Min(16, catalog.Fences.Count)));
        var boxes = new List<(Envelope Box, Fence Fence)>(catalog.Fences.Count);
        foreach (var fence in catalog.Fences)
        {
            var e = fence.DegreeEnvelope;
            boxes.Add((e, fence));

            // Fences over the antimeridian (or circles reaching across it) are also indexed on the other side.
            if (e.MaxX > 180)
            {
                boxes.Add((new Envelope(e.MinX - 360, e.MaxX - 360, e.MinY, e.MaxY), fence));
            }
            else if (e.MinX < -180)
            {
                boxes.Add((new Envelope(e.MinX + 360, e.MaxX + 360, e.MinY, e.MaxY), fence));
            }
        }

        foreach (var (box, fence) in boxes)
        {
            tree.Insert(box, fence);
        }

        tree.Build();

        // Cells twice the median fence size: a point's cell then holds a handful of fences.
        var sizes = boxes.Select(b => Math.Max(b.Box.Width, b.Box.Height)).Order().ToArray();
        var cell = Math.Clamp(2 * (sizes.Length == 0 ? 0.001 : sizes[sizes.Length / 2]), 1e-5, 1.0);
        var cells = new Dictionary<long, List<GridEntry>>();
        STRtree<Fence>? large = null;
        foreach (var (box, fence) in boxes)
        {
            var (x0, x1, y0, y1) = ((long)Math.Floor(box.MinX / cell), (long)Math.Floor(box.MaxX / cell), (long)Math.Floor(box.MinY / cell), (long)Math.Floor(box.MaxY / cell));
            if ((x1 - x0 + 1) * (y1 - y0 + 1) > MaxCellsPerFence)
            {
                (large ??= new STRtree<Fence>()).Insert(box, fence);
                continue;
            }

            for (var x = x0; x <= x1; x++)
            {
                for (var y = y0; y <= y1; y++)
                {
                    var key = CellKey(x, y);
                    if (!cells.TryGetValue(key, out var list))
                    {
                        cells[key] = list = [];
                    }

                    list.Add(new GridEntry(box.MinX, box.MaxX, box.MinY, box.MaxY, fence));
                }
            }
        }

        large?.Build();
        return new FenceIndex(catalog, tree, cells.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray()), cell, large);
    }

    /// <summary>Appends the venues whose fence contains the point (distance 0).</summary>
    public void Containing(double lat, double lon, List<VenueProximity> results)
    {
        ArgumentNullException.ThrowIfNull(results);
        var start = results.Count;
        if (_grid.TryGetValue(CellKey((long)Math.Floor(lon / _cell), (long)Math.Floor(lat / _cell)), out var entries))
        {
            foreach (var entry in entries)
            {
                if (lon >= entry.MinX && lon <= entry.MaxX && lat >= entry.MinY && lat <= entry.MaxY)
                {
                    AddIfContains(entry.Fence, lat, lon, results, start);
                }
            }
        }

        if (_large is not null)
        {
            foreach (var fence in Candidates(_large, new Envelope(lon, lon, lat, lat)))
            {
                AddIfContains(fence, lat, lon, results, start);
            }
        }
    }

    private static void AddIfContains(Fence fence, double lat, double lon, List<VenueProximity> results, int start)
    {
        if (fence.Contains(lat, lon) && !Seen(results, start, fence))
        {
            results.Add(new VenueProximity(fence.Venue, 0));
        }
    }

    // Cell coordinates packed into one key (longitude cells in the high half).
    private static long CellKey(long x, long y) => (x << 32) ^ (y & 0xFFFFFFFFL);

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
        foreach (var fence in Candidates(_tree, new Envelope(lon - dLon, lon + dLon, lat - dLat, lat + dLat)))
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

    private static List<Fence> Candidates(STRtree<Fence> tree, Envelope envelope)
    {
        var collector = t_collector ??= new CandidateCollector();
        collector.Items.Clear();
        tree.Query(envelope, collector);

        // A query box crossing the antimeridian is also asked on the other side of it.
        if (envelope.MinX < -180)
        {
            tree.Query(new Envelope(envelope.MinX + 360, 180, envelope.MinY, envelope.MaxY), collector);
        }
        else if (envelope.MaxX > 180)
        {
            tree.Query(new Envelope(-180, envelope.MaxX - 360, envelope.MinY, envelope.MaxY), collector);
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

    /// <summary>A fence's box (in the copy of the antimeridian it was indexed at) and the fence, in one grid cell.</summary>
    private readonly record struct GridEntry(double MinX, double MaxX, double MinY, double MaxY, Fence Fence);

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
