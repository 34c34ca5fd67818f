namespace Momentary.City;

/// <summary>Shape of the simulated city. Everything derived from it is deterministic in <see cref="Seed"/>.</summary>
public sealed record CitySettings
{
    public int Seed { get; init; } = 42;

    /// <summary>Simulated customers. Default 100,000.</summary>
    public int Customers { get; init; } = 100_000;

    /// <summary>Venue fences. Default 10,000.</summary>
    public int Venues { get; init; } = 10_000;

    /// <summary>City centre latitude (default: Paris).</summary>
    public double CenterLatitude { get; init; } = 48.8566;

    public double CenterLongitude { get; init; } = 2.3522;

    /// <summary>Half the side of the square city, metres. Default 10 km (a 20 km × 20 km city).</summary>
    public double HalfSizeMeters { get; init; } = 10_000;

    /// <summary>Average friends per customer. Default 12.</summary>
    public int AverageFriends { get; init; } = 12;

    /// <summary>Share of customers who consented to offers. Default 0.85.</summary>
    public double ConsentShare { get; init; } = 0.85;
}
