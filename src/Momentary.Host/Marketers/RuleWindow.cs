namespace Momentary.Host.Marketers;

/// <summary>
/// One rule's counters over a sliding window, as a ring of time slots: adding touches one slot (a lock held for a few
/// array writes), a slot is cleared when its time comes round again, and a read sums the slots still inside the window.
/// </summary>
internal sealed class RuleWindow
{
    private static readonly int Kinds = Enum.GetValues<CounterKind>().Length;

    private readonly long _slotTicks;
    private readonly long[] _slotOf;
    private readonly long[,] _counts;
    private readonly Lock _lock = new();

    public RuleWindow(TimeSpan window, int slots)
    {
        _slotTicks = Math.Max(1, window.Ticks / slots);
        _slotOf = new long[slots];
        Array.Fill(_slotOf, -1);
        _counts = new long[slots, Kinds];
    }

    public void Add(CounterKind kind, long value, DateTimeOffset now)
    {
        var slot = now.UtcTicks / _slotTicks;
        var i = (int)(slot % _slotOf.Length);
        lock (_lock)
        {
            if (_slotOf[i] != slot)
            {
                _slotOf[i] = slot;
                for (var k = 0; k < Kinds; k++)
                {
                    _counts[i, k] = 0;
                }
            }

            _counts[i, (int)kind] += value;
        }
    }

    /// <summary>The totals per <see cref="CounterKind"/> over the window ending <paramref name="now"/>.</summary>
    public long[] Totals(DateTimeOffset now)
    {
        var current = now.UtcTicks / _slotTicks;
        var totals = new long[Kinds];
        lock (_lock)
        {
            for (var i = 0; i < _slotOf.Length; i++)
            {
                if (_slotOf[i] > current - _slotOf.Length && _slotOf[i] <= current)
                {
                    for (var k = 0; k < Kinds; k++)
                    {
                        totals[k] += _counts[i, k];
                    }
                }
            }
        }

        return totals;
    }
}
