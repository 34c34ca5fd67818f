namespace Momentary.Geo.Geofencing;

/// <summary>
/// A local equirectangular frame in metres around an origin: x east, y north. Over a venue-sized area (&lt; a few
/// km) its distance error is below 0.1%, at any latitude short of the poles, and longitudes are unwrapped across
/// the antimeridian so a fence straddling ±180° stays one shape.
/// </summary>
internal readonly record struct LocalFrame(double OriginLatitude, double OriginLongitude)
{
    /// <summary>Metres per degree of latitude (WGS84 mean; the ellipsoid varies it by &lt; 0.6%).</summary>
    public const double MetersPerDegreeLatitude = 111_132.954;

    public double MetersPerDegreeLongitude => MetersPerDegreeLatitude * Math.Cos(OriginLatitude * Math.PI / 180.0);

    public (double X, double Y) Project(double latitude, double longitude)
    {
        var dLon = longitude - OriginLongitude;
        if (dLon > 180)
        {
            dLon -= 360;
        }
        else if (dLon < -180)
        {
            dLon += 360;
        }

        return (dLon * MetersPerDegreeLongitude, (latitude - OriginLatitude) * MetersPerDegreeLatitude);
    }
}
