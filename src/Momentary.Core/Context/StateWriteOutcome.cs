namespace Momentary.Core.Context;

/// <summary>What became of a state write (docs/context-store.md, "Fenced writes").</summary>
public enum StateWriteOutcome
{
    /// <summary>Stored.</summary>
    Written,

    /// <summary>Refused: the stored state was written under a higher ownership epoch (the task moved to another owner).</summary>
    Fenced,

    /// <summary>Refused: the customer has no profile (never loaded, or erased), and nothing is kept about unknown customers.</summary>
    NoProfile,
}
