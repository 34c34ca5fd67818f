namespace Momentary.Host.Marketers;

/// <summary>One rule's line of the back-test table (see <see cref="Backtesting.RuleTally"/>).</summary>
internal sealed record BacktestRow(string Rule, int Fired, int Outranked, int Capped, int HeldOut, int Issued, int Redeemed, int ConvertedTreatment, int ConvertedControl);
