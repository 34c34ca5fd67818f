namespace Momentary.Core.Venues;

/// <summary>A place offers can be tied to. Its geometry lives in the geofence index (Momentary.Geo); rules only need identity.</summary>
/// <param name="Id">Stable id used in rules, signals and offers (e.g. <c>aurora</c>).</param>
/// <param name="Name">Display name used in offer messages.</param>
/// <param name="Category">Category such as <c>fashion</c>, <c>grocery</c>, <c>cafe</c>.</param>
public sealed record Venue(string Id, string Name, string Category);
