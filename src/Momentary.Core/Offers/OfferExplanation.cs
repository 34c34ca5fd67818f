namespace Momentary.Core.Offers;

/// <summary>Why an offer was issued: a sentence for people and the facts for machines.</summary>
/// <param name="Trigger">What set the rule off, e.g. <c>enter:aurora</c>.</param>
/// <param name="Summary">One sentence, e.g. "3 friends visited in 14 days; you are 12 m away". Contains no other customer's identity.</param>
/// <param name="Facts">The conditions that held, with their numbers.</param>
public sealed record OfferExplanation(string Trigger, string Summary, IReadOnlyList<ExplanationFact> Facts);
