using System.Globalization;
using Momentary.Core.Geofencing;

namespace Momentary.Core.Rules.Triggers;

/// <summary><c>near: { venue | category, within }</c>: the customer is outside the venue's fence and within <see cref="WithinMeters"/> of it.</summary>
internal sealed class NearTrigger(string? venueId, string? category, double withinMeters) : Trigger(venueId, category)
{
    /// <summary>The <c>near</c> kind.</summary>
    public static TriggerKind Kind { get; } = TriggerKind.AtPlace("near", ["venue", "category", "within"], Read, static rules => new NearIndex(rules));

    /// <summary>The radius, in metres (at most 5km).</summary>
    public double WithinMeters => withinMeters;

    /// <inheritdoc/>
    public override double NearRadiusMeters => withinMeters;

    /// <inheritdoc/>
    public override string Explain(RuleScope scope)
    {
        var at = scope.Trigger!;
        scope.Explanation.Fact("distance", string.Create(CultureInfo.InvariantCulture, $"{at.DistanceMeters:0} m"), string.Create(CultureInfo.InvariantCulture, $"<= {withinMeters:0} m"));
        scope.Explanation.Phrase(string.Create(CultureInfo.InvariantCulture, $"you are {at.DistanceMeters:0} m from {at.Venue.Name}"));
        return "near:" + at.Venue.Id;
    }

    private static NearTrigger? Read(TriggerReader t)
    {
        var (venue, category) = t.Place(required: true);
        var radius = t.Distance("within", required: true);
        return radius is null ? null : new NearTrigger(venue, category, radius.Value);
    }

    /// <summary>Venues near the ping, outside their fence (distance above 0) and within each rule's radius.</summary>
    private sealed class NearIndex(CompiledRule[] rules) : VenueTriggerIndex(rules, VenueFact.Near)
    {
        public override void MatchAt(VenueProximity near, in EvaluationInput input, RuleScope scope, List<OfferCandidate> fired)
        {
            if (near.DistanceMeters <= 0)
            {
                return;
            }

            foreach (var rule in Rules.For(near.Venue))
            {
                if (near.DistanceMeters <= ((NearTrigger)rule.Trigger).WithinMeters)
                {
                    scope.Reset(input, near);
                    rule.Fire(scope, fired);
                }
            }
        }
    }
}
