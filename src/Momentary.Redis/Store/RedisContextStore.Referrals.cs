using System.Globalization;
using Momentary.Core.Context;
using StackExchange.Redis;

namespace Momentary.Redis.Store;

/// <summary>Referral links, credits and earnings.</summary>
public sealed partial class RedisContextStore
{
    /// <inheritdoc />
    public async ValueTask RegisterReferralAsync(ReferralLink link, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        var db = Db;
        var key = _keys.Referral(link.Code);
        var expiresMs = link.Expires.ToUnixTimeMilliseconds();
        var write = db.HashSetAsync(key, [
            new HashEntry("sharer", link.SharerId),
            new HashEntry("pct", link.RewardPercent.ToString(CultureInfo.InvariantCulture)),
            new HashEntry("exp", expiresMs)]);
        var expire = db.KeyExpireAsync(key, link.Expires.UtcDateTime);
        var remember = db.SetAddAsync(_keys.ReferralCodes(link.SharerId), link.Code);
        await Task.WhenAll(write, expire, remember).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<ReferralCredit?> CreditReferralAsync(string code, string buyerId, string purchaseId, decimal amount, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        var db = Db;
        var fields = await db.HashGetAsync(_keys.Referral(code), ["sharer", "pct", "exp"]).ConfigureAwait(false);
        if (fields[0].IsNull || (long)fields[2] <= at.ToUnixTimeMilliseconds())
        {
            return null;
        }

        var sharer = (string)fields[0]!;
        if (string.Equals(sharer, buyerId, StringComparison.Ordinal))
        {
            return null;
        }

        var month = Referrals.Month(at);
        var reward = Referrals.RewardMinor(amount, decimal.Parse((string)fields[1]!, CultureInfo.InvariantCulture));
        var result = (RedisResult[])(await db.ScriptEvaluateAsync(ReferralScripts.Credit, [_keys.ReferralCredited(sharer), _keys.ReferralEarnings(sharer), _keys.ReferralLedger(sharer)], [purchaseId, month, reward, at.ToUnixTimeMilliseconds()]).ConfigureAwait(false))!;
        var fresh = (int)result[0] == 1;
        return new ReferralCredit(sharer, month, reward / 100m, (long)result[1] / 100m, Duplicate: !fresh);
    }

    /// <inheritdoc />
    public async ValueTask<ReferralStatement> LoadReferralStatementAsync(string customerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        var db = Db;
        var earnings = db.HashGetAllAsync(_keys.ReferralEarnings(customerId));
        var ledger = db.HashGetAllAsync(_keys.ReferralLedger(customerId));
        await Task.WhenAll(earnings, ledger).ConfigureAwait(false);
        var months = earnings.Result.Select(e => new ReferralMonth((string)e.Name!, (long)e.Value / 100m)).OrderBy(m => m.Month, StringComparer.Ordinal).ToList();
        var credits = new List<ReferralEarning>(ledger.Result.Length);
        foreach (var entry in ledger.Result)
        {
            // "month reward atMs"; an entry that does not parse (never written so) is left out rather than failing the statement.
            var parts = ((string)entry.Value!).Split(' ');
            if (parts.Length == 3 && long.TryParse(parts[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var minor) && long.TryParse(parts[2], NumberStyles.Integer, CultureInfo.InvariantCulture, out var atMs))
            {
                credits.Add(new ReferralEarning((string)entry.Name!, parts[0], minor / 100m, DateTimeOffset.FromUnixTimeMilliseconds(atMs)));
            }
        }

        credits.Sort(static (a, b) => a.At != b.At ? a.At.CompareTo(b.At) : string.CompareOrdinal(a.PurchaseId, b.PurchaseId));
        return new ReferralStatement(customerId, months, credits);
    }

    /// <inheritdoc />
    public async ValueTask<decimal> LoadReferralEarningsAsync(string customerId, string month, CancellationToken cancellationToken = default)
    {
        var minor = await Db.HashGetAsync(_keys.ReferralEarnings(customerId), month).ConfigureAwait(false);
        return minor.IsNull ? 0 : (long)minor / 100m;
    }
}
