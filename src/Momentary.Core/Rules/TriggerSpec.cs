namespace Momentary.Core.Rules;

/// <summary>A validated trigger: what sets the rule off and its parameters.</summary>
internal sealed record TriggerSpec(TriggerKind Kind, string? VenueId = null, string? Category = null, TimeSpan Within = default, int SedentaryMinutes = 0);
