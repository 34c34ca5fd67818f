namespace Momentary.City;

/// <summary>A simulated venue: an axis-aligned rectangle fence around a centre point.</summary>
public sealed record SimVenue(string Id, string Name, string Category, double Latitude, double Longitude, double HalfWidthMeters, double HalfHeightMeters);
