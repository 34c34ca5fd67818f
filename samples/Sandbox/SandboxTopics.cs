using Momentary.Core.Messaging;
using Momentary.Samples.SignalProducer;

namespace Momentary.Samples.Sandbox;

/// <summary>The topics of one sandbox: contract v1's names by default, unique ones in tests.</summary>
public sealed record SandboxTopics
{
    public SignalTopics Signals { get; init; } = new();

    public string Offers { get; init; } = TopicNames.Offers;

    public string Control { get; init; } = TopicNames.Control;

    public string DeadLetters { get; init; } = TopicNames.DeadLetters;

    /// <summary>The engine's co-partitioned input topics.</summary>
    public IReadOnlyList<string> Inputs => [Signals.Location, Signals.Wearable, Signals.Social, Signals.Commerce, Signals.Redemptions];

    /// <summary>Every topic, for creating them.</summary>
    public IReadOnlyList<string> All => [.. Inputs, Offers, Control, DeadLetters];

    /// <summary>Topics named <paramref name="prefix"/>.location, ... so tests never share one.</summary>
    public static SandboxTopics Named(string prefix) => new()
    {
        Signals = new SignalTopics { Location = prefix + ".location", Wearable = prefix + ".wearable", Social = prefix + ".social", Commerce = prefix + ".commerce", Redemptions = prefix + ".redemptions" },
        Offers = prefix + ".offers",
        Control = prefix + ".control",
        DeadLetters = prefix + ".deadletter",
    };
}
