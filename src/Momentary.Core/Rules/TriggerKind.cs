namespace Momentary.Core.Rules;

/// <summary>What sets a rule off.</summary>
public enum TriggerKind
{
    /// <summary>The customer's location ping enters a venue's fence.</summary>
    EnterVenue,
}
