namespace Momentary.Core.Messaging;

/// <summary>
/// The default topic names of contract v1 (docs/contracts.md), in one place: options, settings, the demo and the
/// dev cluster all start from these. A breaking change of a payload gets a new suffix (<c>.v2</c>).
/// </summary>
public static class TopicNames
{
    /// <summary>Location fixes from phones.</summary>
    public const string Location = "momentary.signals.location.v1";

    /// <summary>Wearable readings.</summary>
    public const string Wearable = "momentary.signals.wearable.v1";

    /// <summary>Check-ins and shares.</summary>
    public const string Social = "momentary.signals.social.v1";

    /// <summary>Price checks and purchases.</summary>
    public const string Commerce = "momentary.signals.commerce.v1";

    /// <summary>Offer redemptions, sent by apps.</summary>
    public const string Redemptions = "momentary.redemptions.v1";

    /// <summary>Offers issued (schema momentary.offer.v1).</summary>
    public const string Offers = "momentary.offers.v1";

    /// <summary>Held-out (control group) decisions, for lift.</summary>
    public const string Control = "momentary.control.v1";

    /// <summary>Records that could not be processed, unchanged, with the reason in headers.</summary>
    public const string DeadLetters = "momentary.deadletter.v1";

    /// <summary>The co-partitioned signal topics, in the order that breaks timestamp ties when a task merges them.</summary>
    public static IReadOnlyList<string> Signals { get; } = [Location, Wearable, Social, Commerce, Redemptions];

    /// <summary>Every topic Momentary reads or writes.</summary>
    public static IReadOnlyList<string> All { get; } = [.. Signals, Offers, Control, DeadLetters];
}
