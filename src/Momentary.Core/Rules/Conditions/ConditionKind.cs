namespace Momentary.Core.Rules.Conditions;

/// <summary>One kind of condition: the <c>when:</c> fields it reads and how (see <see cref="ConditionKinds"/>).</summary>
/// <param name="Fields">The fields of <c>when:</c> it owns; any other is reported as unknown.</param>
/// <param name="Read">
/// Reads them from a rule's <c>when:</c>, reporting problems located; <c>null</c> when none of its fields is there
/// or they are invalid.
/// </param>
internal sealed record ConditionKind(string[] Fields, Func<ConditionReader, RuleCondition?> Read);
