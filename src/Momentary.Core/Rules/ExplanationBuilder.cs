using Momentary.Core.Offers;

namespace Momentary.Core.Rules;

/// <summary>Collects the facts and sentence fragments of one rule's evaluation; reused across signals to avoid allocation.</summary>
internal sealed class ExplanationBuilder
{
    private readonly List<ExplanationFact> _facts = [];
    private readonly List<string> _phrases = [];
    private string? _otherwise;

    public void Clear()
    {
        _facts.Clear();
        _phrases.Clear();
        _otherwise = null;
    }

    public void Fact(string name, string value, string? requirement = null) => _facts.Add(new ExplanationFact(name, value, requirement));

    public void Phrase(string phrase) => _phrases.Add(phrase);

    /// <summary>
    /// The sentence the summary says when nothing else wrote one: a trigger whose event speaks for itself ("you walked
    /// into Aurora") gives way to a condition's more telling phrase ("3 friends visited in 14 days").
    /// </summary>
    public void Otherwise(string phrase) => _otherwise = phrase;

    /// <summary>
    /// Freezes what was collected into an explanation; only called for rules that fired. The summary is never empty:
    /// the phrases, else the trigger's <see cref="Otherwise"/> sentence, else a plain statement that the trigger fired.
    /// </summary>
    public OfferExplanation Build(string trigger) => new(trigger, _phrases.Count > 0 ? string.Join("; ", _phrases) : _otherwise ?? $"the {trigger} trigger fired", _facts.ToArray());
}
