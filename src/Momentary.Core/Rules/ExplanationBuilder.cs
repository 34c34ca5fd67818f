using Momentary.Core.Offers;

namespace Momentary.Core.Rules;

/// <summary>Collects the facts and sentence fragments of one rule's evaluation; reused across signals to avoid allocation.</summary>
internal sealed class ExplanationBuilder
{
    private readonly List<ExplanationFact> _facts = [];
    private readonly List<string> _phrases = [];

    public void Clear()
    {
        _facts.Clear();
        _phrases.Clear();
    }

    public void Fact(string name, string value, string? requirement = null) => _facts.Add(new ExplanationFact(name, value, requirement));

    public void Phrase(string phrase) => _phrases.Add(phrase);

    /// <summary>Freezes what was collected into an explanation; only called for rules that fired.</summary>
    public OfferExplanation Build(string trigger) => new(trigger, string.Join("; ", _phrases), _facts.ToArray());
}
