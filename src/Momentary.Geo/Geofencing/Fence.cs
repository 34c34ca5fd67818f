using Momentary.Core.Venues;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Prepared;

namespace Momentary.Geo.Geofencing;

/// <summary>
/// One venue's fence, held in a local metric frame around its own centre so containment and distances are in
/// metres: a prepared polygon (fast repeated point-in-polygon) or a circle.
/// </summary>
internal sealed class Fence
{
    private static readonly GeometryFactory Metric = new();
    private readonly IPreparedGeometry? _prepared;
    private readonly Geometry? _shape;
    private readonly double _radius;
    private readonly CoordinateSequence[] _rings;

    private Fence(Venue venue, LocalFrame frame, Geometry? shape, double radius, Envelope degrees)
    {
        Venue = venue;
        Frame = frame;
        _shape = shape;
        _prepared = shape is null ? null : new PreparedGeometryFactory().Create(shape);
        _rings = shape is null ? [] : Rings(shape);
        _radius = radius;
        DegreeEnvelope = degrees;
    }

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
        if (_shape is null)
        {
            return Math.Max(0, Math.Sqrt((x * x) + (y * y)) - _radius);
        }

        if (_prepared!.Covers(Metric.CreatePoint(new Coordinate(x, y))))
        {
            return 0;
        }

        // Outside: the nearest edge of any ring, by a plain loop over the segments (no allocation).
        var best = double.PositiveInfinity;
        foreach (var ring in _rings)
        {
            for (var i = 1; i < ring.Count; i++)
            {
                best = Math.Min(best, SegmentDistance(x, y, ring.GetX(i - 1), ring.GetY(i - 1), ring.GetX(i), ring.GetY(i)));
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
        return _shape is null ? (x * x) + (y * y) <= _radius * _radius : _prepared!.Covers(Metric.CreatePoint(new Coordinate(x, y)));
    }

    private static CoordinateSequence[] Rings(Geometry shape)
    {
        var rings = new List<CoordinateSequence>();
        for (var g = 0; g < shape.NumGeometries; g++)
        {
            if (shape.GetGeometryN(g) is Polygon polygon)
            {
                rings.Add(polygon.ExteriorRing.CoordinateSequence);
                foreach (var hole in polygon.InteriorRings)
                {
                    rings.Add(hole.CoordinateSequence);
                }
            }
        }

        return [.. rings];
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
