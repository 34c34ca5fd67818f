namespace Momentary.Core.Rules;

/// <summary>A compiled condition. Evaluation reads the scope and records the facts it checked; no parsing, no reflection.</summary>
internal abstract class RuleCondition
{
    /// <summary>Whether the condition holds; when it does, its facts and phrase are recorded in the scope's explanation.</summary>
    public abstract bool Holds(RuleScope scope);
}
