using System.Text;

namespace Momentary.Kafka.Consuming;

/// <summary>
/// The key strings a lane handed out lately, so a customer whose signals arrive close together (a ping every few
/// seconds) gets the same string each time instead of a new one per record (docs/performance.md, "Seventh
/// session"). A small two-way set-associative table indexed by a hash of the key's bytes: a hit is checked byte for
/// byte against the string, a miss decodes a new string and keeps it in place of the set's older one. Only ASCII
/// keys are kept (a customer id by contract; any other key is decoded every time, exactly as before). Not
/// thread-safe: a lane's records are taken under its task's gate.
/// </summary>
internal sealed class KeyStrings
{
    /// <summary>Keys longer than this are decoded every time (they are no customer ids worth keeping).</summary>
    public const int MaxLength = 64;

    private const int Sets = 2048; // two ways each: 4,096 keys, 32 KiB of references per lane

    private readonly string?[] _slots = new string?[Sets * 2];

    /// <summary>The key's string: the kept one when it holds exactly these bytes, else a new one (kept when ASCII).</summary>
    public string Get(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxLength)
        {
            return Encoding.UTF8.GetString(utf8); // invalid UTF-8 becomes U+FFFD
        }

        var set = (Hash(utf8) & (Sets - 1)) * 2;
        if (Matches(_slots[set], utf8))
        {
            return _slots[set]!;
        }

        if (Matches(_slots[set + 1], utf8))
        {
            (_slots[set], _slots[set + 1]) = (_slots[set + 1], _slots[set]); // the newer one first
            return _slots[set]!;
        }

        var fresh = Encoding.UTF8.GetString(utf8);
        if (Ascii.IsValid(utf8))
        {
            _slots[set + 1] = _slots[set];
            _slots[set] = fresh;
        }

        return fresh;
    }

    // Only ASCII strings are kept, so equal bytes and chars one for one is equality of the decoded key.
    private static bool Matches(string? kept, ReadOnlySpan<byte> utf8) =>
        kept is not null && kept.Length == utf8.Length && Ascii.Equals(utf8, kept);

    // The platform's hash of the bytes (seeded per process; the table lives in one process).
    private static int Hash(ReadOnlySpan<byte> utf8)
    {
        var hash = default(HashCode);
        hash.AddBytes(utf8);
        return hash.ToHashCode();
    }
}
