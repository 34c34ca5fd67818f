using Momentary.Chaos.Verification;

namespace Momentary.Chaos.Scenarios;

/// <summary>One row of the suite's table, with the checks behind it.</summary>
internal sealed record ScenarioResult(
    string Scenario,
    string Load,
    string Faults,
    long SignalsIn,
    long OffersOut,
    long Lost,
    long Duplicated,
    long DeadLettered,
    string Recovery,
    int StateDiffers,
    IReadOnlyList<Check> Checks,
    TimeSpan Duration,
    string? Error = null)
{
    public bool Passed => Error is null && !Checks.Any(c => c.Fails);

    public static ScenarioResult Failed(string scenario, string error, TimeSpan duration) =>
        new(scenario, "-", "-", 0, 0, 0, 0, 0, "-", 0, [], duration, error);
}
