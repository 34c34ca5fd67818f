namespace Momentary.Chaos.Scenarios;

/// <summary>A bounded fault-injection run against the reference; its result is one row of the table.</summary>
internal interface IScenario
{
    string Name { get; }

    /// <summary>One line: what the scenario does.</summary>
    string Description { get; }

    Task<ScenarioResult> RunAsync(ScenarioContext context, CancellationToken ct);
}
