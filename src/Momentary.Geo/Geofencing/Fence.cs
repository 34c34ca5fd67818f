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

    private Fence(Venue venue, LocalFrame frame, Geometry? shape, double radius, Envelope degrees)
    {
        Venue = venue;
        Frame = frame;
        _shape = shape;
        _prepared = shape is null ? null : new PreparedGeometryFactory().Create(shape);
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

        var point = Metric.CreatePoint(new Coordinate(x, y));
        return _prepared!.Contains(point) ? 0 : _shape.Distance(point);
    }

    /// <summary>Whether the point lies inside the fence (boundary counts as inside).</summary>
    public bool Contains(double latitude, double longitude)
    {
        var (x, y) = Frame.Project(latitude, longitude);
        return _shape is null ? (x * x) + (y * y) <= _radius * _radius : _prepared!.Covers(Metric.CreatePoint(new Coordinate(x, y)));
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
