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
        var result = (RedisResult[])(await db.ScriptEvaluateAsync(ReferralScripts.Credit, [_keys.ReferralCredited(sharer), _keys.ReferralEarnings(sharer)], [purchaseId, month, reward]).ConfigureAwait(false))!;
        var fresh = (int)result[0] == 1;
        return new ReferralCredit(sharer, month, fresh ? reward / 100m : 0, (long)result[1] / 100m, Duplicate: !fresh);
    }

    /// <inheritdoc />
    public async ValueTask<decimal> LoadReferralEarningsAsync(string customerId, string month, CancellationToken cancellationToken = default)
    {
        var minor = await Db.HashGetAsync(_keys.ReferralEarnings(customerId), month).ConfigureAwait(false);
        return minor.IsNull ? 0 : (long)minor / 100m;
    }
}
