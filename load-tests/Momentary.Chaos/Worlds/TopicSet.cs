using System.Globalization;

namespace Momentary.Chaos.Worlds;

/// <summary>The topic names of one world: Momentary's defaults on a dev-cluster of its own, unique names on a shared broker.</summary>
internal sealed record TopicSet(string Location, string Wearable, string Social, string Commerce, string Redemptions, string Offers, string Control, string DeadLetter)
{
    /// <summary>The names <c>momentary dev-cluster</c> creates and <c>momentary run</c> reads by default.</summary>
    public static TopicSet Default { get; } = Prefixed("momentary");

    /// <summary>The default names under another prefix, e.g. <c>chaos-1a2b3c-reference.signals.location.v1</c>.</summary>
    public static TopicSet Prefixed(string prefix) => new(
        $"{prefix}.signals.location.v1",
        $"{prefix}.signals.wearable.v1",
        $"{prefix}.signals.social.v1",
        $"{prefix}.signals.commerce.v1",
        $"{prefix}.redemptions.v1",
        $"{prefix}.offers.v1",
        $"{prefix}.control.v1",
        $"{prefix}.deadletter.v1");

    public IReadOnlyList<string> Signals => [Location, Wearable, Social, Commerce, Redemptions];

    public IReadOnlyList<string> All => [.. Signals, Offers, Control, DeadLetter];

    public string NameOf(SignalTopic topic) => topic switch
    {
        SignalTopic.Location => Location,
        SignalTopic.Wearable => Wearable,
        SignalTopic.Social => Social,
        SignalTopic.Commerce => Commerce,
        SignalTopic.Redemptions => Redemptions,
        _ => throw new ArgumentOutOfRangeException(nameof(topic), topic, null),
    };

    /// <summary>
    /// The <c>momentary run</c> settings that point the engine at these topics. The signal topics are set only when
    /// they are not the defaults: the configuration binder appends <c>SignalTopics__0..4</c> to the default list
    /// instead of replacing it (a defect recorded in docs/reliability.md), and five duplicate topics make the
    /// consumer's subscribe fail.
    /// </summary>
    public void AddTo(IDictionary<string, string> environment)
    {
        for (var i = 0; i < Signals.Count && this != Default; i++)
        {
            environment[$"Momentary__Kafka__SignalTopics__{i.ToString(CultureInfo.InvariantCulture)}"] = Signals[i];
        }

        environment["Momentary__Kafka__OfferTopic"] = Offers;
        environment["Momentary__Kafka__ControlTopic"] = Control;
        environment["Momentary__Kafka__DeadLetterTopic"] = DeadLetter;
    }
}
