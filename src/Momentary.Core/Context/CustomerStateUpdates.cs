namespace Momentary.Core.Context;

/// <summary>
/// The engine's non-geographic state changes, as pure functions from one state to the next: purchase routines,
/// propensities and offer exposures (for lift). Each returns the same instance when nothing changed, so the
/// caller writes the state only when needed.
/// </summary>
public static class CustomerStateUpdates
{
    /// <summary>
    /// A purchase in <paramref name="category"/> at <paramref name="at"/>: updates the routine and collects the exposures
    /// it converts (those of the category whose window holds <paramref name="at"/>).
    /// </summary>
    /// <param name="state">The state before.</param>
    /// <param name="category">The purchase's product category; <c>null</c> changes nothing.</param>
    /// <param name="at">Event time of the purchase.</param>
    /// <param name="converted">Receives the open exposures of the category; they are removed (one conversion each).</param>
    public static CustomerState AfterPurchase(CustomerState state, string? category, DateTimeOffset at, List<OfferExposure> converted)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(converted);
        if (category is null)
        {
            return state;
        }

        var routines = new Dictionary<string, PurchaseRoutine>(state.Routines, StringComparer.Ordinal);
        routines[category] = routines.TryGetValue(category, out var routine) ? routine.After(at) : new PurchaseRoutine(at, 1, 0);
        List<OfferExposure>? open = null;
        foreach (var exposure in state.Exposures)
        {
            if (exposure.Until < at)
            {
                continue; // expired: dropped
            }

            if (string.Equals(exposure.Category, category, StringComparison.Ordinal) && exposure.From <= at)
            {
                converted.Add(exposure);
                continue;
            }

            (open ??= []).Add(exposure);
        }

        return state with { Routines = routines, Exposures = open ?? [] };
    }

    /// <summary>A redemption of an offer of <paramref name="category"/>: raises the customer's propensity for it.</summary>
    public static CustomerState AfterRedemption(CustomerState state, string category, DateTimeOffset at)
    {
        ArgumentNullException.ThrowIfNull(state);
        var before = state.Propensities.TryGetValue(category, out var p) ? p : new CategoryPropensity(0, 0, at);
        var after = before.AfterRedemption(at);
        if (ReferenceEquals(after, before))
        {
            return state; // the same redemption again (a replay): counted once
        }

        var propensities = new Dictionary<string, CategoryPropensity>(state.Propensities, StringComparer.Ordinal) { [category] = after };
        return state with { Propensities = propensities };
    }

    /// <summary>An offer issued (<paramref name="control"/> false) or held out (true): opens an exposure until it expires; an issued one also counts as offered.</summary>
    public static CustomerState AfterExposure(CustomerState state, string ruleId, string category, DateTimeOffset at, DateTimeOffset until, bool control)
    {
        ArgumentNullException.ThrowIfNull(state);
        var exposures = new List<OfferExposure>(state.Exposures.Count + 1);
        foreach (var e in state.Exposures)
        {
            if (e.RuleId == ruleId && e.Until == until && e.Control == control)
            {
                return state; // the same exposure again: a replay of the signal after a crash
            }

            if (e.Until >= at)
            {
                exposures.Add(e);
            }
        }

        exposures.Add(new OfferExposure(ruleId, category, until, control, at));
        if (exposures.Count > CustomerState.MaxExposures)
        {
            exposures.RemoveRange(0, exposures.Count - CustomerState.MaxExposures);
        }

        if (control)
        {
            return state with { Exposures = exposures };
        }

        var propensities = new Dictionary<string, CategoryPropensity>(state.Propensities, StringComparer.Ordinal);
        propensities[category] = (propensities.TryGetValue(category, out var p) ? p : new CategoryPropensity(0, 0, at)).AfterOffer(at);
        return state with { Exposures = exposures, Propensities = propensities };
    }

    /// <summary>The category of the customer's open exposure to <paramref name="ruleId"/>, if any (for redemptions that do not name one).</summary>
    public static string? CategoryOfRule(CustomerState state, string ruleId)
    {
        ArgumentNullException.ThrowIfNull(state);
        for (var i = state.Exposures.Count - 1; i >= 0; i--)
        {
            if (string.Equals(state.Exposures[i].RuleId, ruleId, StringComparison.Ordinal))
            {
                return state.Exposures[i].Category;
            }
        }

        return null;
    }
}
