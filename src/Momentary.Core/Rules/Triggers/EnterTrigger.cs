namespace Momentary.Core.Rules.Triggers;

/// <summary><c>enter: { venue | category }</c>: a location ping enters the venue's fence (docs/geofencing.md).</summary>
internal sealed class EnterTrigger(string? venueId, string? category) : Trigger(venueId, category)
{
    /// <summary>The <c>enter</c> kind: a rule fires for each venue a ping enters that it is about.</summary>
    public static TriggerKind Kind { get; } = TriggerKind.AtEachVenue("enter", static (venueId, category) => new EnterTrigger(venueId, category), VenueFact.Entered);

    /// <inheritdoc/>
    public override string Explain(RuleScope scope)
    {
        var venue = scope.Trigger!.Venue;
        scope.Explanation.Otherwise("you walked into " + venue.Name);
        return "enter:" + venue.Id;
    }
}
