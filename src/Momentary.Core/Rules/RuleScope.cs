using Momentary.Core.Geofencing;

namespace Momentary.Core.Rules;

/// <summary>One rule's view of one signal: the input plus the venue that triggered it and values conditions computed for the message.</summary>
internal sealed class RuleScope
{
    public EvaluationInput Input { get; set; }

    public VenueProximity? Trigger { get; set; }

    /// <summary>Friends counted by a friends condition, for the <c>{friends}</c> placeholder.</summary>
    public int FriendsCount { get; set; }

    public ExplanationBuilder Explanation { get; } = new();

    public void Reset(in EvaluationInput input, VenueProximity? trigger)
    {
        Input = input;
        Trigger = trigger;
        FriendsCount = 0;
        Explanation.Clear();
    }
}
