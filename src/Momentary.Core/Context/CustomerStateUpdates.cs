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
    /// it converts (those of the category whose window holds <paramref name="at"/> and that no purchase or redemption
    /// converted yet). Converted exposures stay, marked, until they expire: a redemption naming their offer still finds it.
    /// </summary>
    /// <param name="state">The state before.</param>
    /// <param name="category">The purchase's product category; <c>null</c> changes nothing.</param>
    /// <param name="at">Event time of the purchase.</param>
    /// <param name="converted">Receives the open exposures of the category (one conversion each).</param>
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

            if (!exposure.Converted && string.Equals(exposure.Category, category, StringComparison.Ordinal) && exposure.From <= at)
            {
                converted.Add(exposure);
                (open ??= []).Add(exposure with { Converted = true });
                continue;
            }

            (open ??= []).Add(exposure);
        }

        return state with { Routines = routines, Exposures = open ?? [] };
    }

    /// <summary>
    /// Attributes a redemption (docs/rules.md, "Redemptions and attribution"): to the offer whose id it names when the
    /// customer holds it; else to the newest treatment offer of <paramref name="category"/> (or, without one, of the
    /// named rule's category) open at <paramref name="at"/>; else to <paramref name="namedRuleId"/>. An attributed offer
    /// not converted yet counts its conversion now. The propensity of the attributed category rises.
    /// </summary>
    /// <param name="state">The state before.</param>
    /// <param name="offerId">The offer id the redemption names.</param>
    /// <param name="namedRuleId">The rule id the redemption names (the app's claim).</param>
    /// <param name="category">The category the redemption names, if any.</param>
    /// <param name="at">Event time of the redemption.</param>
    /// <param name="attribution">Where it was attributed and how.</param>
    public static CustomerState AfterRedemption(CustomerState state, string offerId, string namedRuleId, string? category, DateTimeOffset at, out RedemptionAttribution attribution)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(offerId);
        ArgumentNullException.ThrowIfNull(namedRuleId);
        var exposures = state.Exposures;
        var index = -1;
        var method = AttributionMethod.Offer;
        for (var i = exposures.Count - 1; i >= 0 && index < 0; i--)
        {
            if (!exposures[i].Control && string.Equals(exposures[i].OfferId, offerId, StringComparison.Ordinal))
            {
                index = i;
            }
        }

        if (index < 0)
        {
            method = AttributionMethod.CategoryWindow;
            var windowCategory = category ?? CategoryOfRule(state, namedRuleId);
            for (var i = exposures.Count - 1; i >= 0 && index < 0 && windowCategory is not null; i--)
            {
                var e = exposures[i];
                if (!e.Control && e.From <= at && at <= e.Until && string.Equals(e.Category, windowCategory, StringComparison.Ordinal))
                {
                    index = i;
                }
            }
        }

        if (index < 0)
        {
            var named = category ?? CategoryOfRule(state, namedRuleId) ?? namedRuleId;
            attribution = new RedemptionAttribution(AttributionMethod.NamedRule, namedRuleId, named, null, null, Converted: false);
            return AfterRedemption(state, named, at);
        }

        var exposure = exposures[index];
        var converts = !exposure.Converted;
        attribution = new RedemptionAttribution(method, exposure.RuleId, exposure.Category, exposure.OfferId ?? offerId, exposure.Variant, converts);
        if (converts)
        {
            var marked = exposures.ToArray();
            marked[index] = exposure with { Converted = true };
            state = state with { Exposures = marked };
        }

        return AfterRedemption(state, exposure.Category, at);
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
    /// <param name="state">The state before.</param>
    /// <param name="ruleId">The offer's rule.</param>
    /// <param name="category">The offer's category.</param>
    /// <param name="at">Issue time: the attribution window's start.</param>
    /// <param name="until">Expiry: the attribution window's end.</param>
    /// <param name="control">Held out rather than issued.</param>
    /// <param name="offerId">The offer's id, which a redemption names; <c>null</c> when unknown.</param>
    /// <param name="variant">The rule's variant the offer is; <c>null</c> when the rule has none.</param>
    public static CustomerState AfterExposure(CustomerState state, string ruleId, string category, DateTimeOffset at, DateTimeOffset until, bool control, string? offerId = null, string? variant = null)
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

        exposures.Add(new OfferExposure(ruleId, category, until, control, at, offerId, Variant: variant));
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

    /// <summary>
    /// A heart-rate reading: kept when it is at least a minute after the last one kept, with readings older than
    /// <paramref name="keep"/> before it dropped. The same state when nothing is kept (too soon, a replay, out of order).
    /// </summary>
    public static CustomerState AfterHeartRate(CustomerState state, DateTimeOffset at, int bpm, TimeSpan keep)
    {
        ArgumentNullException.ThrowIfNull(state);
        var samples = state.HeartRates;
        if (samples.Count > 0 && at - samples[^1].At < TimeSpan.FromMinutes(1))
        {
            return state;
        }

        var kept = new List<HeartRateSample>(Math.Min(samples.Count + 1, CustomerState.MaxHeartRates));
        var from = Math.Max(0, samples.Count + 1 - CustomerState.MaxHeartRates);
        for (var i = from; i < samples.Count; i++)
        {
            if (at - samples[i].At <= keep)
            {
                kept.Add(samples[i]);
            }
        }

        kept.Add(new HeartRateSample(at, bpm));
        return state with { HeartRates = kept };
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
