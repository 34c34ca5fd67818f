namespace Momentary.Chaos.Verification;

/// <summary>The standard verdicts on a world against the reference, and the figures of its table row.</summary>
internal sealed record Verification(IReadOnlyList<Check> Checks, long Lost, long Duplicated, long OffersOut, long DeadLettered, int StateDiffers);
