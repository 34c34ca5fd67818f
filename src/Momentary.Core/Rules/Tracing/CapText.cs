using System.Globalization;
using Momentary.Core.Context;

namespace Momentary.Core.Rules.Tracing;

/// <summary>A denied reservation in words: the limit, the count the customer's state shows and when it frees up.</summary>
internal static class CapText
{
    /// <summary>
    /// Describes why <paramref name="outcome"/> denied <paramref name="candidate"/>. Counts and "frees up" times come
    /// from the exposures in the customer's state (the last <see cref="CustomerState.MaxExposures"/> offers), so they
    /// are a lower bound when the customer had more; budgets are store-wide and only named.
    /// </summary>
    public static string Describe(ReservationOutcome outcome, OfferCandidate candidate, CustomerState state, DateTimeOffset now)
    {
        var caps = candidate.Caps;
        switch (outcome)
        {
            case ReservationOutcome.CustomerCapReached:
                {
                    var (count, oldest) = Sent(state, candidate.RuleId, now - caps.Window);
                    var frees = oldest is { } o ? FreesUp(o + caps.Window) : string.Empty;
                    return string.Create(CultureInfo.InvariantCulture, $"the customer cap is reached: {count} of at most {caps.MaxPerCustomer} per {DurationText.Format(caps.Window)}{frees}");
                }

            case ReservationOutcome.CoolingDown:
                {
                    var (_, _, newest) = SentWithNewest(state, candidate.RuleId, now - (caps.Cooldown ?? TimeSpan.Zero));
                    var frees = newest is { } n ? FreesUp(n + caps.Cooldown!.Value) : string.Empty;
                    return $"the cooldown of {DurationText.Format(caps.Cooldown ?? TimeSpan.Zero)} since the last offer of this rule has not passed{frees}";
                }

            case ReservationOutcome.BudgetExhausted:
                return string.Create(CultureInfo.InvariantCulture, $"the rule's daily budget of {caps.DailyBudget} offers (all customers, UTC day) is spent; it frees up at 00:00 UTC");

            case ReservationOutcome.HourlyCeilingReached:
                {
                    var (count, oldest) = Sent(state, null, now - TimeSpan.FromHours(1));
                    var frees = oldest is { } o ? FreesUp(o + TimeSpan.FromHours(1)) : string.Empty;
                    return string.Create(CultureInfo.InvariantCulture, $"the customer's hourly ceiling is reached: {count} of at most {caps.MaxOffersPerCustomerPerHour} offers of any rule in the last hour{frees}");
                }

            default:
                return "the reservation was granted";
        }
    }

    private static string FreesUp(DateTimeOffset at) => string.Create(CultureInfo.InvariantCulture, $"; frees up at {at.UtcDateTime:yyyy-MM-ddTHH:mm}Z");

    private static (int Count, DateTimeOffset? Oldest) Sent(CustomerState state, string? ruleId, DateTimeOffset since)
    {
        var (count, oldest, _) = SentWithNewest(state, ruleId, since);
        return (count, oldest);
    }

    // Offers sent (not held out) since the instant, of one rule or (null) of any.
    private static (int Count, DateTimeOffset? Oldest, DateTimeOffset? Newest) SentWithNewest(CustomerState state, string? ruleId, DateTimeOffset since)
    {
        var count = 0;
        DateTimeOffset? oldest = null, newest = null;
        foreach (var e in state.Exposures)
        {
            if (e.Control || e.From < since || (ruleId is not null && !string.Equals(e.RuleId, ruleId, StringComparison.Ordinal)))
            {
                continue;
            }

            count++;
            oldest = oldest is null || e.From < oldest ? e.From : oldest;
            newest = newest is null || e.From > newest ? e.From : newest;
        }

        return (count, oldest, newest);
    }
}
