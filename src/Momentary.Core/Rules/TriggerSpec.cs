namespace Momentary.Core.Rules;

/// <summary>A validated trigger: what sets the rule off and its parameters (unused ones are zero).</summary>
/// <param name="Kind">The event.</param>
/// <param name="VenueId">The venue it is about, when one.</param>
/// <param name="Category">The venue (or, for routines, product) category it is about, when one.</param>
/// <param name="Within">Revisit window, dwell time, friend check-in recency, or routine overdue margin.</param>
/// <param name="Threshold">Sedentary minutes or steps.</param>
/// <param name="DistanceMeters">Near / routine / friend check-in radius.</param>
/// <param name="RewardPercent">Share rules: the sharer's reward on referred purchases.</param>
/// <param name="LinkValidFor">Share rules: how long the referral link credits purchases.</param>
internal sealed record TriggerSpec(
    TriggerKind Kind,
    string? VenueId = null,
    string? Category = null,
    TimeSpan Within = default,
    int Threshold = 0,
    double DistanceMeters = 0,
    decimal RewardPercent = 0,
    TimeSpan LinkValidFor = default)
{
    /// <summary>Whether the trigger applies to <paramref name="venue"/> (any venue when it names neither a venue nor a category).</summary>
    public bool Matches(Venues.Venue venue) =>
        VenueId is not null ? string.Equals(VenueId, venue.Id, StringComparison.Ordinal)
        : Category is null || string.Equals(Category, venue.Category, StringComparison.Ordinal);
}
