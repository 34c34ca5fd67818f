namespace Momentary.Samples.SignalProducer;

/// <summary>Where each kind of signal goes (docs/contracts.md). Every topic accepts every kind; this is for routing and scaling.</summary>
public sealed record SignalTopics
{
    public string Location { get; init; } = "momentary.signals.location.v1";

    public string Wearable { get; init; } = "momentary.signals.wearable.v1";

    public string Social { get; init; } = "momentary.signals.social.v1";

    public string Commerce { get; init; } = "momentary.signals.commerce.v1";

    public string Redemptions { get; init; } = "momentary.redemptions.v1";

    /// <summary>The topic for a signal of <paramref name="kind"/> (and <paramref name="action"/>, which routes redemptions).</summary>
    public string For(string? kind, string? action) => kind switch
    {
        "location" => Location,
        "wearable" => Wearable,
        "social" => Social,
        "commerce" when action == "redemption" => Redemptions,
        _ => Commerce, // unknown kinds too: Momentary dead-letters them with the reason
    };
}
