using Momentary.Core.Venues;
using NetTopologySuite.Geometries;

namespace Momentary.Geo.Geofencing;

/// <summary>
/// One venue's fence, held in a local metric frame around its own centre so containment and distances are in
/// metres: a polygon (its rings as flat coordinate arrays, tested without allocating) or a circle.
/// </summary>
internal sealed class Fence
{
    private static readonly GeometryFactory Metric = new();
    private readonly double _radius;
    private readonly Ring[] _rings;

    private Fence(Venue venue, LocalFrame frame, Geometry? shape, double radius, Envelope degrees)
    {
        Venue = venue;
        Frame = frame;
        Shape = shape;
        _rings = shape is null ? [] : Rings(shape);
        _radius = radius;
        DegreeEnvelope = degrees;
    }

    /// <summary>The polygon in the metric frame (null for a circle); the reference the ring tests are checked against.</summary>
    internal Geometry? Shape { get; }

    public Venue Venue { get; }

    public LocalFrame Frame { get; }

    /// <summary>Bounding box in degrees (longitude x, latitude y), for the spatial index.</summary>
    public Envelope DegreeEnvelope { get; }

    /// <summary>A circular fence of <paramref name="radiusMeters"/> around a point.</summary>
    public static Fence Circle(Venue venue, double latitude, double longitude, double radiusMeters)
    {
        var frame = new LocalFrame(latitude, longitude);
        var dLat = radiusMeters / LocalFrame.MetersPerDegreeLatitude;
        var dLon = radiusMeters / Math.Max(frame.MetersPerDegreeLongitude, 1e-6);
        return new Fence(venue, frame, null, radiusMeters, new Envelope(longitude - dLon, longitude + dLon, latitude - dLat, latitude + dLat));
    }

    /// <summary>A polygonal fence from a geometry in degrees (x longitude, y latitude).</summary>
    public static Fence Polygonal(Venue venue, Geometry degrees)
    {
        // A fence crossing the antimeridian spans more than 180 degrees of longitude as written (179.9 .. -179.9);
        // move its western longitudes by +360 so it is one compact shape around its true centre. The index then
        // holds it on both sides of the line (see FenceIndex).
        if (degrees.EnvelopeInternal.Width > 180)
        {
            degrees = degrees.Copy();
            degrees.Apply(new ShiftWest());
            degrees.GeometryChanged();
        }

        var centre = degrees.EnvelopeInternal.Centre;
        var frame = new LocalFrame(centre.Y, centre.X);
        var metric = degrees.Copy();
        metric.Apply(new ProjectToFrame(frame));
        metric.GeometryChanged();
        return new Fence(venue, frame, Metric.CreateGeometry(metric), 0, degrees.EnvelopeInternal);
    }

    /// <summary>Distance in metres from the point to the fence; 0 when inside.</summary>
    public double DistanceMeters(double latitude, double longitude)
    {
        var (x, y) = Frame.Project(latitude, longitude);
        if (Shape is null)
        {
            return Math.Max(0, Math.Sqrt((x * x) + (y * y)) - _radius);
        }

        if (PolygonCovers(x, y))
        {
            return 0;
        }

        // Outside: the nearest edge of any ring, by a plain loop over the segments (no allocation).
        var best = double.PositiveInfinity;
        foreach (var ring in _rings)
        {
            for (var i = 1; i < ring.X.Length; i++)
            {
                best = Math.Min(best, SegmentDistance(x, y, ring.X[i - 1], ring.Y[i - 1], ring.X[i], ring.Y[i]));
            }
        }

        return best;
    }

    private static double SegmentDistance(double px, double py, double ax, double ay, double bx, double by)
    {
        var dx = bx - ax;
        var dy = by - ay;
        var lengthSquared = (dx * dx) + (dy * dy);
        var t = lengthSquared == 0 ? 0 : Math.Clamp((((px - ax) * dx) + ((py - ay) * dy)) / lengthSquared, 0, 1);
        var cx = ax + (t * dx) - px;
        var cy = ay + (t * dy) - py;
        return Math.Sqrt((cx * cx) + (cy * cy));
    }

    /// <summary>Whether the point lies inside the fence (boundary counts as inside).</summary>
    public bool Contains(double latitude, double longitude)
    {
        var (x, y) = Frame.Project(latitude, longitude);
        return Shape is null ? (x * x) + (y * y) <= _radius * _radius : PolygonCovers(x, y);
    }

    // Even-odd crossings over every ring (exterior rings and holes of every part), which is point-in-polygon for
    // valid (multi)polygons; a point on an edge, within a micrometre, counts as inside, as NTS's Covers does.
    private bool PolygonCovers(double x, double y)
    {
        const double onEdge = 1e-6;
        var inside = false;
        foreach (var ring in _rings)
        {
            if (x < ring.MinX - onEdge || x > ring.MaxX + onEdge || y < ring.MinY - onEdge || y > ring.MaxY + onEdge)
            {
                continue; // a ring whose box misses the point adds no crossing
            }

            var xs = ring.X;
            var ys = ring.Y;
            for (int i = 1, n = xs.Length; i < n; i++)
            {
                double x1 = xs[i - 1], y1 = ys[i - 1], x2 = xs[i], y2 = ys[i];
                if ((y1 > y) != (y2 > y))
                {
                    var crossX = x1 + ((y - y1) * (x2 - x1) / (y2 - y1));
                    if (Math.Abs(crossX - x) <= onEdge)
                    {
                        return true;
                    }

                    if (x < crossX)
                    {
                        inside = !inside;
                    }
                }
                else if (y1 == y2 && Math.Abs(y - y1) <= onEdge && x >= Math.Min(x1, x2) - onEdge && x <= Math.Max(x1, x2) + onEdge)
                {
                    return true; // on a horizontal edge
                }
                else if ((Math.Abs(y - y1) <= onEdge && Math.Abs(x - x1) <= onEdge) || (Math.Abs(y - y2) <= onEdge && Math.Abs(x - x2) <= onEdge))
                {
                    return true; // on a vertex
                }
            }
        }

        return inside;
    }

    private static Ring[] Rings(Geometry shape)
    {
        var rings = new List<Ring>();
        for (var g = 0; g < shape.NumGeometries; g++)
        {
            if (shape.GetGeometryN(g) is Polygon polygon)
            {
                rings.Add(new Ring(polygon.ExteriorRing.CoordinateSequence));
                foreach (var hole in polygon.InteriorRings)
                {
                    rings.Add(new Ring(hole.CoordinateSequence));
                }
            }
        }

        return [.. rings];
    }

    /// <summary>A closed ring's coordinates as flat arrays, with its bounding box.</summary>
    private sealed class Ring
    {
        public Ring(CoordinateSequence sequence)
        {
            X = new double[sequence.Count];
            Y = new double[sequence.Count];
            for (var i = 0; i < sequence.Count; i++)
            {
                (X[i], Y[i]) = (sequence.GetX(i), sequence.GetY(i));
            }

            (MinX, MaxX, MinY, MaxY) = (X.Min(), X.Max(), Y.Min(), Y.Max());
        }

        public double[] X { get; }

        public double[] Y { get; }

        public double MinX { get; }

        public double MaxX { get; }

        public double MinY { get; }

        public double MaxY { get; }
    }

    private sealed class ShiftWest : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                if (seq.GetX(i) < 0)
                {
                    seq.SetX(i, seq.GetX(i) + 360);
                }
            }
        }
    }

    private sealed class ProjectToFrame(LocalFrame frame) : IEntireCoordinateSequenceFilter
    {
        public bool Done => false;

        public bool GeometryChanged => true;

        public void Filter(CoordinateSequence seq)
        {
            for (var i = 0; i < seq.Count; i++)
            {
                var (x, y) = frame.Project(seq.GetY(i), seq.GetX(i));
                seq.SetX(i, x);
                seq.SetY(i, y);
            }
        }
    }
}
