using System.Globalization;
using Momentary.Core.Geofencing;

namespace Momentary.Core.Rules.Triggers;

/// <summary><c>dwell: { venue | category, atLeast }</c>: the stay inside the venue reaches <see cref="AtLeast"/> (1m-24h).</summary>
internal sealed class DwellTrigger(string? venueId, string? category, TimeSpan atLeast) : Trigger(venueId, category)
{
    /// <summary>The <c>dwell</c> kind.</summary>
    public static TriggerKind Kind { get; } = TriggerKind.AtPlace("dwell", ["venue", "category", "atLeast"], Read, static rules => new DwellIndex(rules));

    /// <summary>How long the stay must last.</summary>
    public TimeSpan AtLeast => atLeast;

    /// <inheritdoc/>
    public override string Explain(RuleScope scope)
    {
        var at = scope.Trigger!;
        var dwelt = scope.Input.Signal.Timestamp - scope.Input.Context.State.InsideVenues[at.Venue.Id];
        scope.Explanation.Fact("dwell", DurationText.Format(TimeSpan.FromMinutes(Math.Floor(dwelt.TotalMinutes))), ">= " + DurationText.Format(atLeast));
        scope.Explanation.Phrase(string.Create(CultureInfo.InvariantCulture, $"you have been at {at.Venue.Name} for {dwelt.TotalMinutes:0} minutes"));
        return "dwell:" + at.Venue.Id;
    }

    private static DwellTrigger? Read(TriggerReader t)
    {
        var (venue, category) = t.Place(required: true);
        var dwell = t.Duration("atLeast", required: true);
        if (dwell is { } d && (d < TimeSpan.FromMinutes(1) || d > TimeSpan.FromHours(24)))
        {
            t.Error("atLeast", $"the dwell time of {t.What} must be from 1m to 24h", "a stay is measured between pings");
        }

        return dwell is null ? null : new DwellTrigger(venue, category, dwell.Value);
    }

    /// <summary>Fires once per stay: on the ping whose dwell (since the fence was entered) first reaches the threshold.</summary>
    private sealed class DwellIndex(CompiledRule[] rules) : VenueTriggerIndex(rules, VenueFact.Inside)
    {
        public override void MatchAt(VenueProximity inside, in EvaluationInput input, RuleScope scope, List<OfferCandidate> fired)
        {
            var state = input.Context.State;
            if (!state.InsideVenues.TryGetValue(inside.Venue.Id, out var enteredAt) || state.LastSeen is not { } previous)
            {
                return;
            }

            var before = previous - enteredAt;
            var now = input.Signal.Timestamp - enteredAt;
            foreach (var rule in Rules.For(inside.Venue))
            {
                var atLeast = ((DwellTrigger)rule.Trigger).AtLeast;
                if (before < atLeast && now >= atLeast)
                {
                    scope.Reset(input, inside);
                    rule.Fire(scope, fired);
                }
            }
        }
    }
}
