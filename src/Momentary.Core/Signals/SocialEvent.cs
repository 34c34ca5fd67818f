namespace Momentary.Core.Signals;

/// <summary>A social event: a check-in at a venue or a shared purchase.</summary>
public sealed record SocialEvent : Signal
{
    /// <summary>What happened: a check-in or a share (contract <c>action</c>).</summary>
    public required SocialAction Action { get; init; }

    /// <summary>The venue checked in at (required for <see cref="SocialAction.CheckIn"/>).</summary>
    public string? VenueId { get; init; }

    /// <summary>The purchase shared (for <see cref="SocialAction.Share"/>).</summary>
    public string? PurchaseId { get; init; }

    /// <summary>Always <see cref="SignalKind.Social"/>: the contract's <c>social</c>.</summary>
    public override SignalKind Kind => SignalKind.Social;
}
