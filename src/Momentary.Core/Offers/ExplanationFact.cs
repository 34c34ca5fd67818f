namespace Momentary.Core.Offers;

/// <summary>One condition that held when an offer was issued, with the number behind it.</summary>
/// <param name="Name">Stable machine name, e.g. <c>friendsVisited</c>, <c>distanceM</c>, <c>segment</c>.</param>
/// <param name="Value">The observed value, invariant-culture formatted.</param>
/// <param name="Requirement">What the rule required, e.g. <c>&gt;= 3 in 14d</c>; <c>null</c> for pure facts.</param>
public sealed record ExplanationFact(string Name, string Value, string? Requirement = null);
