using System.Globalization;
using Momentary.Core.Geofencing;

namespace Momentary.Core.Rules.Triggers;

/// <summary>
/// <c>revisit: { venue | category, within?, after? }</c>: the customer enters a venue they last entered at most
/// <see cref="Within"/> ago ("welcome back", second visit in 24h) and at least <see cref="After"/> ago ("welcome back
/// after 30 days away"); at least one of them, and <c>after</c> below <c>within</c> when both.
/// </summary>
internal sealed class RevisitTrigger(string? venueId, string? category, TimeSpan? within, TimeSpan? after) : Trigger(venueId, category)
{
    /// <summary>The longest <c>after</c>: last entries are remembered 366 days (docs/rules.md).</summary>
    private static readonly TimeSpan MaxAfter = TimeSpan.FromDays(365);

    /// <summary>The <c>revisit</c> kind.</summary>
    public static TriggerKind Kind { get; } = TriggerKind.AtPlace("revisit", ["venue", "category", "within", "after"], Read, static rules => new RevisitIndex(rules));

    /// <summary>How recent the previous visit must be (<see cref="TimeSpan.MaxValue"/>: any).</summary>
    public TimeSpan Within { get; } = within ?? TimeSpan.MaxValue;

    /// <summary>How long ago the previous visit must be at least (zero: any).</summary>
    public TimeSpan After { get; } = after ?? TimeSpan.Zero;

    /// <summary>Whether a previous visit <paramref name="since"/> ago sets it off.</summary>
    public bool Accepts(TimeSpan since) => since >= After && since <= Within;

    /// <inheritdoc/>
    public override string Explain(RuleScope scope)
    {
        var at = scope.Trigger!;
        var lastVisit = scope.Input.Context.State.LastVisits[at.Venue.Id];
        var since = scope.Input.Signal.Timestamp - lastVisit;
        var requirement = After == TimeSpan.Zero ? "within " + DurationText.Format(Within)
            : Within == TimeSpan.MaxValue ? "at least " + DurationText.Format(After) + " ago"
            : $"{DurationText.Format(After)} to {DurationText.Format(Within)} ago";
        scope.Explanation.Fact("lastVisit", lastVisit.UtcDateTime.ToString("O", CultureInfo.InvariantCulture), requirement);
        var ago = since >= TimeSpan.FromDays(2) ? string.Create(CultureInfo.InvariantCulture, $"{Math.Floor(since.TotalDays):0} days") : string.Create(CultureInfo.InvariantCulture, $"{since.TotalHours:0} hours");
        scope.Explanation.Phrase($"welcome back: your last visit was {ago} ago");
        return "revisit:" + at.Venue.Id;
    }

    private static RevisitTrigger? Read(TriggerReader t)
    {
        var (venue, category) = t.Place(required: true);
        var within = t.Duration("within", required: false);
        var after = t.Duration("after", required: false);
        if (!t.Has("within") && !t.Has("after"))
        {
            t.Error($"the revisit trigger of {t.What} needs 'within' (a return soon after), 'after' (a return after an absence) or both", "e.g. revisit: { venue: resort-cafe, after: 30d }");
            return null;
        }

        if (after > MaxAfter)
        {
            t.Error("after", $"'after' in the revisit trigger of {t.What} may be at most 365d", "last visits are remembered for a year");
        }

        if (within is { } w && after is { } a && a >= w)
        {
            t.Error("after", $"the revisit trigger of {t.What} can never fire: 'after' ({DurationText.Format(a)}) is not below 'within' ({DurationText.Format(w)})", "a return between after and within: e.g. after: 30d, within: 90d");
        }

        return within is null && after is null ? null : new RevisitTrigger(venue, category, within, after);
    }

    /// <summary>Venues the ping enters that the customer last entered before this ping, as long ago as each rule asks.</summary>
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
                if (((RevisitTrigger)rule.Trigger).Accepts(since))
                {
                    scope.Reset(input, entered);
                    rule.Fire(scope, fired);
                }
            }
        }
    }
}
