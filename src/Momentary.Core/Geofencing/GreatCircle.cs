namespace Momentary.Core.Geofencing;

/// <summary>Distances on the Earth's surface between two WGS 84 points, for rule conditions (Core has no geometry library).</summary>
public static class GreatCircle
{
    private const double EarthRadiusMeters = 6_371_008.8; // mean radius (IUGG)

    /// <summary>
    /// The haversine distance in metres between two points given in degrees. On a sphere: within 0.5% of the
    /// ellipsoidal distance, far below a phone's GPS error at the few hundred metres rules look at.
    /// </summary>
    public static double Meters(double latitude1, double longitude1, double latitude2, double longitude2)
    {
        var phi1 = double.DegreesToRadians(latitude1);
        var phi2 = double.DegreesToRadians(latitude2);
        var dPhi = phi2 - phi1;
        var dLambda = double.DegreesToRadians(longitude2 - longitude1);
        var a = (Math.Sin(dPhi / 2) * Math.Sin(dPhi / 2)) + (Math.Cos(phi1) * Math.Cos(phi2) * Math.Sin(dLambda / 2) * Math.Sin(dLambda / 2));
        return 2 * EarthRadiusMeters * Math.Asin(Math.Min(1, Math.Sqrt(a)));
    }
}
