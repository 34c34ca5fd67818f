namespace Momentary.Core.Signals;

/// <summary>A social event: a check-in at a venue or a shared purchase.</summary>
public sealed record SocialEvent : Signal
{
    public required SocialAction Action { get; init; }

    /// <summary>The venue checked in at (required for <see cref="SocialAction.CheckIn"/>).</summary>
    public string? VenueId { get; init; }

    /// <summary>The purchase shared (for <see cref="SocialAction.Share"/>).</summary>
    public string? PurchaseId { get; init; }

    public override SignalKind Kind => SignalKind.Social;
}
