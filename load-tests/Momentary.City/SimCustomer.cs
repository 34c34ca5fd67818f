namespace Momentary.City;

/// <summary>A simulated customer with a home, a workplace and favourite venues they walk or drive between.</summary>
public sealed record SimCustomer(string Id, string Segment, bool Consent, double HomeLat, double HomeLon, double WorkLat, double WorkLon, int[] FavouriteVenues, int[] Friends);
