namespace Momentary.Core.Context;

/// <summary>Referral links, credits, earnings and statements, in process.</summary>
public sealed partial class InMemoryContextStore
{
    private readonly Dictionary<string, ReferralLink> _referrals = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Customer, string Month), long> _earningsMinor = [];

    // (sharer, purchase id) → the credit: the idempotency record and the statement's lines at once.
    private readonly Dictionary<(string Customer, string PurchaseId), ReferralEarning> _ledger = [];

    /// <inheritdoc />
    public ValueTask RegisterReferralAsync(ReferralLink link, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(link);
        lock (_gate)
        {
            _referrals.TryAdd(link.Code, link);
        }

        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<ReferralCredit?> CreditReferralAsync(string code, string buyerId, string purchaseId, decimal amount, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(code);
        ArgumentNullException.ThrowIfNull(purchaseId);
        lock (_gate)
        {
            if (!_referrals.TryGetValue(code, out var link) || link.Expires <= at || string.Equals(link.SharerId, buyerId, StringComparison.Ordinal))
            {
                return ValueTask.FromResult<ReferralCredit?>(null);
            }

            var month = Referrals.Month(at);
            var key = (link.SharerId, month);
            var reward = Referrals.RewardMinor(amount, link.RewardPercent);
            if (!_ledger.TryAdd((link.SharerId, purchaseId), new ReferralEarning(purchaseId, month, reward / 100m, at)))
            {
                return ValueTask.FromResult<ReferralCredit?>(new ReferralCredit(link.SharerId, month, reward / 100m, _earningsMinor.GetValueOrDefault(key) / 100m, Duplicate: true));
            }

            _earningsMinor[key] = _earningsMinor.GetValueOrDefault(key) + reward;
            return ValueTask.FromResult<ReferralCredit?>(new ReferralCredit(link.SharerId, month, reward / 100m, _earningsMinor[key] / 100m, Duplicate: false));
        }
    }

    /// <inheritdoc />
    public ValueTask<decimal> LoadReferralEarningsAsync(string customerId, string month, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            return ValueTask.FromResult(_earningsMinor.GetValueOrDefault((customerId, month)) / 100m);
        }
    }

    /// <inheritdoc />
    public ValueTask<ReferralStatement> LoadReferralStatementAsync(string customerId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(customerId);
        lock (_gate)
        {
            var months = _earningsMinor.Where(e => e.Key.Customer == customerId).Select(e => new ReferralMonth(e.Key.Month, e.Value / 100m)).OrderBy(m => m.Month, StringComparer.Ordinal).ToList();
            var credits = _ledger.Where(e => e.Key.Customer == customerId).Select(e => e.Value).OrderBy(c => c.At).ThenBy(c => c.PurchaseId, StringComparer.Ordinal).ToList();
            return ValueTask.FromResult(new ReferralStatement(customerId, months, credits));
        }
    }

    // Under the lock: the customer's earnings, credits and the codes they shared; how many entries went.
    private long EraseReferrals(string customerId)
    {
        long removed = 0;
        foreach (var key in _earningsMinor.Keys.Where(k => k.Customer == customerId).ToList())
        {
            _earningsMinor.Remove(key);
            removed++;
        }

        foreach (var key in _ledger.Keys.Where(k => k.Customer == customerId).ToList())
        {
            _ledger.Remove(key);
        }

        foreach (var code in _referrals.Where(r => r.Value.SharerId == customerId).Select(r => r.Key).ToList())
        {
            _referrals.Remove(code);
            removed++;
        }

        return removed;
    }
}
