namespace Momentary.Host.Marketers;

/// <summary>One would-be offer on the back-test timeline: its rule, venue, validity and message (no customer id).</summary>
internal sealed record BacktestOffer(string Rule, string? Venue, DateTimeOffset IssuedAt, DateTimeOffset ExpiresAt, string Message);
