namespace Momentary.Pipeline.Processing;

/// <summary>What became of one signal. Every kind is a completed unit of work whose offset may be committed.</summary>
public enum SignalOutcomeKind
{
    /// <summary>Processed; no rule fired or every offer was capped.</summary>
    NoOffer,

    /// <summary>Processed; one or more offers are to be produced.</summary>
    Offers,

    /// <summary>Could not be decoded or processed; a dead letter is to be produced.</summary>
    DeadLetter,
}
