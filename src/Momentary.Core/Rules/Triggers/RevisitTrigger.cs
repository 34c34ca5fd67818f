using System.Globalization;
using Momentary.Core.Geofencing;

namespace Momentary.Core.Rules.Triggers;

/// <summary><c>revisit: { venue | category, within }</c>: the customer enters a venue they last entered within <see cref="Within"/> ("welcome back").</summary>
internal sealed class RevisitTrigger(string? venueId, string? category, TimeSpan within) : Trigger(venueId, category)
{
    /// <summary>The <c>revisit</c> kind.</summary>
    public static TriggerKind Kind { get; } = TriggerKind.AtPlace("revisit", ["venue", "category", "within"], Read, static rules => new RevisitIndex(rules));

    /// <summary>How recent the previous visit must be.</summary>
    public TimeSpan Within => within;

    /// <inheritdoc/>
    public override string Explain(RuleScope scope)
    {
        var at = scope.Trigger!;
        var lastVisit = scope.Input.Context.State.LastVisits[at.Venue.Id];
        var since = scope.Input.Signal.Timestamp - lastVisit;
        scope.Explanation.Fact("lastVisit", lastVisit.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), "within " + DurationText.Format(within));
        scope.Explanation.Phrase(string.Create(CultureInfo.InvariantCulture, $"welcome back: your last visit was {since.TotalHours:0} hours ago"));
        return "revisit:" + at.Venue.Id;
    }

    private static RevisitTrigger? Read(TriggerReader t)
    {
        var (venue, category) = t.Place(required: true);
        var within = t.Duration("within", required: true);
        return within is null ? null : new RevisitTrigger(venue, category, within.Value);
    }

    /// <summary>Venues the ping enters that the customer last entered before this ping, within each rule's window.</summary>
    private sealed class RevisitIndex(CompiledRule[] rules) : VenueTriggerIndex(rules, VenueFact.Entered)
    {
        public override void MatchAt(VenueProximity entered, in EvaluationInput input, RuleScope scope, List<OfferCandidate> fired)
        {
            var timestamp = input.Signal.Timestamp;
            if (!input.Context.State.LastVisits.TryGetValue(entered.Venue.Id, out var lastVisit) || lastVisit >= timestamp)
            {
                return;
            }

            var since = timestamp - lastVisit;
            foreach (var rule in Rules.For(entered.Venue))
            {
                if (since <= ((RevisitTrigger)rule.Trigger).Within)
                {
                    scope.Reset(input, entered);
                    rule.Fire(scope, fired);
                }
            }
        }
    }
}
