using System.Runtime.CompilerServices;
using System.Text.Json.Serialization;

namespace Momentary.Core.Context;

/// <summary>
/// The last <see cref="Capacity"/> location signals a customer's state applied, oldest first, so that a replay of one
/// (reprocessing after a crash or a rebalance, before its offset was committed) re-derives the transitions it made
/// instead of seeing its own effects. A signal is remembered by a 64-bit hash of its id (<see cref="IdOf"/>), held
/// inside the value itself — no object and no string per signal, so a state's replay memory is not a chain of small
/// objects the collector must promote (docs/performance.md, "GC: what is promoted") — and only the signals that
/// entered or exited a fence keep a <see cref="SignalMark"/> with the venue ids. An immutable value: <c>Add</c>
/// returns a new one.
/// <para>
/// Two different ids among one customer's last eight signals would have to share a 64-bit hash to be confused (about
/// one chance in 2^61): then the newer one is taken for a replay of the older and changes nothing.
/// </para>
/// </summary>
[JsonConverter(typeof(RecentMarksJsonConverter))]
public readonly struct RecentMarks : IEquatable<RecentMarks>
{
    /// <summary>How many recent signals are remembered: more than a customer has uncommitted at once.</summary>
    public const int Capacity = 8;

    private readonly Ring _ids;
    private readonly SignalMark[]? _transitions;
    private readonly int _count;

    private RecentMarks(in Ring ids, int count, SignalMark[]? transitions)
    {
        _ids = ids;
        _count = count;
        _transitions = transitions is { Length: > 0 } ? transitions : null;
    }

    /// <summary>No signal remembered.</summary>
    public static RecentMarks Empty => default;

    /// <summary>How many signals are remembered (at most <see cref="Capacity"/>).</summary>
    public int Count => _count;

    /// <summary>The id (<see cref="IdOf"/>) of the remembered signal at <paramref name="index"/>, 0 the oldest.</summary>
    public ulong this[int index] => (uint)index < (uint)_count ? _ids[index] : throw new ArgumentOutOfRangeException(nameof(index));

    /// <summary>The remembered signals' ids, oldest first, in a new array (for tools and tests).</summary>
    public ulong[] ToArray()
    {
        ReadOnlySpan<ulong> ids = _ids;
        return ids[.._count].ToArray();
    }

    /// <summary>The marks of the remembered signals that entered or exited a fence, oldest first.</summary>
    public IReadOnlyList<SignalMark> Transitions => _transitions ?? [];

    /// <summary>
    /// The stable 64-bit id of a signal id (FNV-1a over its UTF-16 code units): the same in every process and build,
    /// since it is stored.
    /// </summary>
    public static ulong IdOf(string signalId)
    {
        ArgumentNullException.ThrowIfNull(signalId);
        var hash = 14695981039346656037UL;
        foreach (var c in signalId)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        return hash;
    }

    /// <summary>Builds marks from stored ids (oldest first; the newest <see cref="Capacity"/> are kept) and the transitions among them.</summary>
    /// <exception cref="ArgumentException">A transition whose id is not among the kept ids.</exception>
    public static RecentMarks Of(ReadOnlySpan<ulong> ids, IReadOnlyList<SignalMark>? transitions = null)
    {
        var ring = default(Ring);
        var kept = ids.Length > Capacity ? ids[^Capacity..] : ids;
        kept.CopyTo(ring);
        var marks = new RecentMarks(ring, kept.Length, null);
        if (transitions is null || transitions.Count == 0)
        {
            return marks;
        }

        var ordered = new SignalMark[transitions.Count];
        var positions = new int[transitions.Count];
        for (var i = 0; i < ordered.Length; i++)
        {
            ordered[i] = transitions[i];
            positions[i] = kept.LastIndexOf(transitions[i].Id);
            if (positions[i] < 0)
            {
                throw new ArgumentException("a transition of a signal that is not remembered", nameof(transitions));
            }
        }

        Array.Sort(positions, ordered); // in the ids' order, oldest first, as Add keeps them
        return new RecentMarks(ring, kept.Length, ordered);
    }

    /// <summary>
    /// Marks as a stored value holds them: the newest <see cref="Capacity"/> of <paramref name="ids"/> (a state this
    /// engine wrote never holds more), with the transitions of those; a transition of a signal beyond them goes with it.
    /// </summary>
    internal static RecentMarks Restore(ReadOnlySpan<ulong> ids, List<SignalMark>? transitions)
    {
        var kept = ids.Length > Capacity ? ids[^Capacity..] : ids;
        for (var i = (transitions?.Count ?? 0) - 1; i >= 0; i--)
        {
            if (!kept.Contains(transitions![i].Id))
            {
                transitions.RemoveAt(i);
            }
        }

        return Of(kept, transitions);
    }

    /// <summary>Whether the signal is remembered.</summary>
    public bool Contains(string signalId)
    {
        ReadOnlySpan<ulong> ids = _ids;
        return ids[.._count].Contains(IdOf(signalId));
    }

    /// <summary>
    /// Whether the signal is remembered; <paramref name="transitions"/> is its mark when it entered or exited a fence,
    /// <c>null</c> when it crossed none.
    /// </summary>
    public bool TryFind(string signalId, out SignalMark? transitions) => TryFind(IdOf(signalId), out transitions);

    /// <summary>As <see cref="TryFind(string, out SignalMark?)"/>, for a signal id already hashed (<see cref="IdOf"/>).</summary>
    public bool TryFind(ulong id, out SignalMark? transitions)
    {
        transitions = null;
        ReadOnlySpan<ulong> ids = _ids;
        if (!ids[.._count].Contains(id))
        {
            return false;
        }

        foreach (var t in Transitions)
        {
            if (t.Id == id)
            {
                transitions = t;
                break;
            }
        }

        return true;
    }

    /// <summary>
    /// These marks with the signal added as the newest (the oldest forgotten beyond <see cref="Capacity"/>), with its
    /// transitions when it entered or exited a fence. Allocates only when a transition is added or forgotten. A
    /// signal already remembered is not added again (the geofencer replays it instead): these marks are returned.
    /// </summary>
    public RecentMarks Add(string signalId, IReadOnlyList<string>? entered, IReadOnlyList<string>? exited) => Add(IdOf(signalId), entered, exited);

    /// <summary>As <see cref="Add(string, IReadOnlyList{string}?, IReadOnlyList{string}?)"/>, for a signal id already hashed (<see cref="IdOf"/>).</summary>
    public RecentMarks Add(ulong id, IReadOnlyList<string>? entered, IReadOnlyList<string>? exited)
    {
        ReadOnlySpan<ulong> ids = _ids;
        if (ids[.._count].Contains(id))
        {
            return this;
        }

        var ring = default(Ring);
        var keep = Math.Min(_count, Capacity - 1);
        ids[(_count - keep).._count].CopyTo(ring);
        ring[keep] = id;
        var kept = ((ReadOnlySpan<ulong>)ring)[..(keep + 1)];

        var transitions = _transitions;
        if (transitions is not null && !kept.Contains(transitions[0].Id))
        {
            transitions = transitions[1..]; // the forgotten signal was the oldest, so its mark is the first
        }

        if (entered is { Count: > 0 } || exited is { Count: > 0 })
        {
            transitions = [.. transitions ?? [], new SignalMark(id, entered ?? [], exited ?? [])];
        }

        return new RecentMarks(ring, keep + 1, transitions);
    }

    /// <summary>Same ids in the same order and transitions with the same ids and venues.</summary>
    public bool Equals(RecentMarks other)
    {
        ReadOnlySpan<ulong> ids = _ids, others = other._ids;
        if (!ids[.._count].SequenceEqual(others[..other._count]) || Transitions.Count != other.Transitions.Count)
        {
            return false;
        }

        for (var i = 0; i < Transitions.Count; i++)
        {
            var (a, b) = (Transitions[i], other.Transitions[i]);
            if (a.Id != b.Id || !a.Entered.SequenceEqual(b.Entered) || !a.Exited.SequenceEqual(b.Exited))
            {
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is RecentMarks other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => _count == 0 ? 0 : HashCode.Combine(_count, _ids[_count - 1]);

    /// <summary>Same marks (<see cref="Equals(RecentMarks)"/>).</summary>
    public static bool operator ==(RecentMarks left, RecentMarks right) => left.Equals(right);

    /// <summary>Different marks.</summary>
    public static bool operator !=(RecentMarks left, RecentMarks right) => !left.Equals(right);

    [InlineArray(Capacity)]
    private struct Ring
    {
        private ulong _first;
    }
}
