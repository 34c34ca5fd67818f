using System.Globalization;
using Momentary.Core.Geofencing;

namespace Momentary.Core.Rules.Triggers;

/// <summary>
/// <c>routine: { category, overdueBy, within }</c>: the customer is at least <see cref="OverdueBy"/> past their usual
/// purchase rhythm in a product category and within <see cref="WithinMeters"/> of a venue of that category.
/// </summary>
/// <param name="category">The product category, matched against venue categories (so the rule is indexed by it).</param>
/// <param name="overdueBy">How far past the rhythm's due date.</param>
/// <param name="withinMeters">How near a venue of the category, in metres.</param>
internal sealed class RoutineTrigger(string category, TimeSpan overdueBy, double withinMeters) : Trigger(category: category)
{
    /// <summary>The <c>routine</c> kind.</summary>
    public static TriggerKind Kind { get; } = TriggerKind.AtPlace("routine", ["category", "overdueBy", "within"], Read, static rules => new RoutineIndex(rules));

    /// <summary>How far past the rhythm's due date the customer must be.</summary>
    public TimeSpan OverdueBy => overdueBy;

    /// <summary>How near a venue of the category, in metres.</summary>
    public double WithinMeters => withinMeters;

    /// <inheritdoc/>
    public override double NearRadiusMeters => withinMeters;

    /// <inheritdoc/>
    public override string Explain(RuleScope scope)
    {
        var at = scope.Trigger!;
        var routine = scope.Input.Context.State.Routines[Category!];
        var overdue = scope.Input.Signal.Timestamp - routine.Due;
        var every = TimeSpan.FromHours(routine.MeanIntervalHours);
        scope.OverdueDays = (int)Math.Floor(overdue.TotalDays);
        var e = scope.Explanation;
        e.Fact("routine", Category!, string.Create(CultureInfo.InvariantCulture, $"every {every.TotalDays:0.#} days"));
        e.Fact("overdue", string.Create(CultureInfo.InvariantCulture, $"{overdue.TotalDays:0.#}d"), ">= " + DurationText.Format(overdueBy));
        e.Fact("distance", string.Create(CultureInfo.InvariantCulture, $"{at.DistanceMeters:0} m"), string.Create(CultureInfo.InvariantCulture, $"<= {withinMeters:0} m"));
        e.Phrase(string.Create(CultureInfo.InvariantCulture, $"you usually shop {Category} every {every.TotalDays:0.#} days and are {scope.OverdueDays} days overdue; {at.Venue.Name} is {at.DistanceMeters:0} m away"));
        return "routine:" + Category;
    }

    private static RoutineTrigger? Read(TriggerReader t)
    {
        var category = t.Scalar("category", required: true);
        var overdue = t.Duration("overdueBy", required: true);
        var reach = t.Distance("within", required: true);
        return category is null || overdue is null || reach is null ? null : new RoutineTrigger(category, overdue.Value, reach.Value);
    }

    /// <summary>Venues of the category near the ping, within each rule's reach, while the customer's rhythm there is overdue enough.</summary>
    private sealed class RoutineIndex(CompiledRule[] rules) : VenueTriggerIndex(rules, VenueFact.Near)
    {
        public override void MatchAt(VenueProximity near, in EvaluationInput input, RuleScope scope, List<OfferCandidate> fired)
        {
            var timestamp = input.Signal.Timestamp;
            foreach (var rule in Rules.For(near.Venue))
            {
                var trigger = (RoutineTrigger)rule.Trigger;
                if (near.DistanceMeters <= trigger.WithinMeters && string.Equals(near.Venue.Category, trigger.Category, StringComparison.Ordinal)
                    && input.Context.State.Routines.TryGetValue(trigger.Category!, out var routine) && routine.HasCadence
                    && timestamp - routine.Due >= trigger.OverdueBy)
                {
                    scope.Reset(input, near);
                    scope.OverdueDays = (int)Math.Floor((timestamp - routine.Due).TotalDays);
                    rule.Fire(scope, fired);
                }
            }
        }
    }
}
