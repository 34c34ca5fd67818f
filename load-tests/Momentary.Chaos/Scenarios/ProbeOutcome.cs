namespace Momentary.Chaos.Scenarios;

/// <summary>What one hostile category did to an engine on its own: dead-lettered, taken as a signal, or killed the process.</summary>
internal sealed record ProbeOutcome(string Category, int Produced, int DeadLettered, int TakenAsSignal, string? Crash)
{
    public bool Clean => Crash is null && DeadLettered == Produced;

    public override string ToString() => Crash is not null
        ? $"{Category}: CRASHED the engine ({Crash})"
        : $"{Category}: {DeadLettered}/{Produced} dead-lettered" + (TakenAsSignal > 0 ? $", {TakenAsSignal} processed as signals" : string.Empty);
}
