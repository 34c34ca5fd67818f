namespace Momentary.Pipeline.Processing;

/// <summary>What happened to one rule for one signal, for back-tests and lift reports.</summary>
/// <param name="RuleId">The rule.</param>
/// <param name="Kind">What happened.</param>
/// <param name="Detail">The cap that denied it, the group of a conversion, and the like; <c>null</c> when nothing to add.</param>
/// <param name="Variant">The rule's variant (offer variants: docs/rules.md); <c>null</c> when the rule has none or it does not apply.</param>
public readonly record struct RuleDecision(string RuleId, RuleDecisionKind Kind, string? Detail = null, string? Variant = null);
