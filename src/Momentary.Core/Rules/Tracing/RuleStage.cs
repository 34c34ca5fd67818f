namespace Momentary.Core.Rules.Tracing;

/// <summary>How far one rule got for one signal, in the order evaluation goes (a trace line's verdict).</summary>
public enum RuleStage
{
    /// <summary>The signal did not set the rule's trigger off (another kind of signal, another venue, a threshold not reached).</summary>
    NotTriggered,

    /// <summary>The trigger fired, but the signal was older than the rule's <c>freshFor</c>.</summary>
    Stale,

    /// <summary>The trigger fired and a condition failed (the first that did; later ones were not checked).</summary>
    ConditionFailed,

    /// <summary>Trigger and conditions held: a candidate (the stage of a rule-book-only trace; the processor then decides it).</summary>
    Matched,

    /// <summary>Trigger and conditions held, but arbitration chose other offers.</summary>
    Outranked,

    /// <summary>Chosen, but the customer is in the rule's control group: recorded, not sent.</summary>
    HeldOut,

    /// <summary>Chosen, but a cap, cooldown, budget or the hourly ceiling denied it.</summary>
    Capped,

    /// <summary>Chosen and issued.</summary>
    Issued,
}
