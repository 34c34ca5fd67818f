namespace Momentary.Core.Rules.Triggers;

/// <summary><c>exit: { venue | category }</c>: a location ping leaves the venue's fence (clearly outside: hysteresis, docs/geofencing.md).</summary>
internal sealed class ExitTrigger(string? venueId, string? category) : Trigger(venueId, category)
{
    /// <summary>The <c>exit</c> kind: a rule fires for each venue a ping leaves that it is about.</summary>
    public static TriggerKind Kind { get; } = TriggerKind.AtEachVenue("exit", static (venueId, category) => new ExitTrigger(venueId, category), VenueFact.Exited);

    /// <inheritdoc/>
    public override string Explain(RuleScope scope)
    {
        var venue = scope.Trigger!.Venue;
        scope.Explanation.Otherwise("you just left " + venue.Name);
        return "exit:" + venue.Id;
    }
}
