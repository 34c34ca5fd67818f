namespace Momentary.Host.Backtesting;

/// <summary>A clock that follows the replayed signals' timestamps, so a back-test's "now" is event time.</summary>
internal sealed class EventClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    public override DateTimeOffset GetUtcNow() => Now;
}
