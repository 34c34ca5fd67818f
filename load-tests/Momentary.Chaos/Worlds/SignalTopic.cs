namespace Momentary.Chaos.Worlds;

/// <summary>The engine's five input topics, by role (docs/contracts.md).</summary>
internal enum SignalTopic
{
    Location,
    Wearable,
    Social,
    Commerce,
    Redemptions,
}
