namespace Momentary.Chaos.Scenarios;

/// <summary>One way of breaking a running engine's rules or venues file: <c>Apply(path, original)</c> writes it.</summary>
internal sealed record ConfigEdit(string Name, ConfigFile File, Func<string, string, CancellationToken, Task> Apply);
