namespace Momentary.Core.Context;

/// <summary>What marketing knows about a customer: written by bulk loads and profile updates, read per signal.</summary>
public sealed record CustomerProfile
{
    /// <summary>The customer id (the Kafka key of their signals and offers).</summary>
    public required string CustomerId { get; init; }

    /// <summary>Marketing segments, e.g. <c>fashion</c>.</summary>
    public IReadOnlyList<string> Segments { get; init; } = [];

    /// <summary>Declared or inferred interests, e.g. <c>coffee</c>.</summary>
    public IReadOnlyList<string> Interests { get; init; } = [];

    /// <summary>Consent per purpose (e.g. <c>offers</c>, <c>location</c>); a purpose absent here is not consented.</summary>
    public IReadOnlyDictionary<string, bool> Consent { get; init; } = new Dictionary<string, bool>();

    /// <summary>IANA time zone id used for quiet hours and time windows; <c>UTC</c> when unknown.</summary>
    public string TimeZone { get; init; } = "UTC";

    /// <summary>Loyalty tier, e.g. <c>gold</c>; <c>null</c> when none.</summary>
    public string? Tier { get; init; }

    /// <summary>Whether the customer consented to <paramref name="purpose"/>.</summary>
    public bool HasConsent(string purpose) => Consent.TryGetValue(purpose, out var granted) && granted;

    /// <summary>Whether the customer is in <paramref name="segment"/> (ordinal comparison).</summary>
    public bool InSegment(string segment)
    {
        foreach (var s in Segments)
        {
            if (string.Equals(s, segment, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
