using Momentary.Host.Backtesting;

namespace Momentary.Host.Marketers;

/// <summary>A back-test as the page renders it: the per-rule table and the offers' timeline (no customer ids).</summary>
internal sealed record BacktestAnswer(int Signals, IReadOnlyList<BacktestRow> Rules, IReadOnlyList<BacktestOffer> Offers, IReadOnlyList<string> Rejected, IReadOnlyList<string> ContextErrors)
{
    public static BacktestAnswer From(BacktestReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new BacktestAnswer(
            report.Signals,
            [.. report.Rules.Select(r => new BacktestRow(r.Key, r.Value.Fired, r.Value.Outranked, r.Value.Capped, r.Value.HeldOut, r.Value.Issued, r.Value.Redeemed, r.Value.ConvertedTreatment, r.Value.ConvertedControl))],
            [.. report.Offers.Select(o => new BacktestOffer(o.RuleId, o.VenueId, o.IssuedAt, o.ExpiresAt, o.Message))],
            report.Rejected,
            report.ContextErrors);
    }
}
