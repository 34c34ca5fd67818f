using Momentary.Core.Context;
using StackExchange.Redis;

namespace Momentary.Redis.Store;

/// <summary>Cap reservations: one slot-local script, the shared daily budget after it.</summary>
public sealed partial class RedisContextStore
{
    /// <inheritdoc />
    public async ValueTask<ReservationResult> ReserveAsync(OfferReservation reservation, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reservation);
        var c = reservation.CustomerId;
        var caps = reservation.Caps;
        var db = Db;
        RedisKey[] keys = [_keys.Decision(c, reservation.OfferId), _keys.RuleGrants(c, reservation.RuleId), _keys.AllGrants(c)];
        var ttl = (long)_settings.DecisionTtl.TotalSeconds;
        RedisValue[] args =
        [
            reservation.Now.ToUnixTimeMilliseconds(),
            (long)caps.Window.TotalMilliseconds,
            caps.MaxPerCustomer ?? -1,
            caps.Cooldown is { } cd ? (long)cd.TotalMilliseconds : -1,
            caps.MaxOffersPerCustomerPerHour ?? -1,
            reservation.OfferId,
            ttl,
            caps.DailyBudget is null ? 1 : 0,
        ];
        var result = (RedisResult[])(await db.ScriptEvaluateAsync(ReservationScript.Source, keys, args).ConfigureAwait(false))!;
        var outcome = (ReservationOutcome)(int)result[0];
        var replayed = (int)result[1] == 1;
        if (replayed || outcome != ReservationOutcome.Granted || caps.DailyBudget is not { } budget)
        {
            return new ReservationResult(outcome, replayed);
        }

        // The budget is shared by all customers, so it cannot share their slot: spend it with INCR and take the
        // grant back if that overdrew it. A crash between the two overspends by at most one offer per crash.
        var budgetKey = _keys.Budget(reservation.RuleId, reservation.Now);
        var spent = await db.StringIncrementAsync(budgetKey).ConfigureAwait(false);
        if (spent == 1)
        {
            await db.KeyExpireAsync(budgetKey, TimeSpan.FromDays(2)).ConfigureAwait(false);
        }

        if (spent > budget)
        {
            await db.StringDecrementAsync(budgetKey).ConfigureAwait(false);
            await db.ScriptEvaluateAsync(ReservationScript.UndoSource, keys, [reservation.OfferId, ttl]).ConfigureAwait(false);
            return new ReservationResult(ReservationOutcome.BudgetExhausted, false);
        }

        await db.StringSetAsync(keys[0], (int)ReservationOutcome.Granted, _settings.DecisionTtl).ConfigureAwait(false);
        return new ReservationResult(ReservationOutcome.Granted, false);
    }
}
