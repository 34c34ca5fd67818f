using Momentary.Core.Venues;

namespace Momentary.Core.Geofencing;

/// <summary>A venue and the customer's distance to it in metres (0 when inside its fence).</summary>
public sealed record VenueProximity(Venue Venue, double DistanceMeters);
