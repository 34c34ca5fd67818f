namespace Momentary.Host.Demo;

/// <summary>Topic names of the demo (the same defaults <c>run</c> uses).</summary>
internal sealed class DemoTopics
{
    public string Location { get; } = "momentary.signals.location.v1";

    public string Wearable { get; } = "momentary.signals.wearable.v1";

    public string Social { get; } = "momentary.signals.social.v1";

    public string Commerce { get; } = "momentary.signals.commerce.v1";

    public string Offers { get; } = "momentary.offers.v1";

    public string DeadLetters { get; } = "momentary.deadletter.v1";

    public IReadOnlyList<string> Signals => [Location, Wearable, Social, Commerce];

    public IReadOnlyList<string> All => [Location, Wearable, Social, Commerce, Offers, DeadLetters];
}
