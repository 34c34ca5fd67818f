namespace Momentary.Core.Context;

/// <summary>What a context store says about its readiness.</summary>
/// <param name="Ready">Whether it answers and no call is being retried.</param>
/// <param name="Description">For operators: what is reachable, or what is not and what happens meanwhile.</param>
public readonly record struct StoreReadiness(bool Ready, string Description);
