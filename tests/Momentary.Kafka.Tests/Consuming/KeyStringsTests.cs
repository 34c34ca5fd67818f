using System.Text;
using Momentary.Kafka.Consuming;

namespace Momentary.Kafka.Tests.Consuming;

/// <summary>A lane's recent key strings: the same customer's records share one string, and every key decodes exactly as before.</summary>
public sealed class KeyStringsTests
{
    [Fact]
    public void ARepeatedAsciiKey_GetsTheSameString()
    {
        var keys = new KeyStrings();
        var first = keys.Get("customer-42"u8);
        var again = keys.Get("customer-42"u8);
        var other = keys.Get("customer-43"u8);

        Assert.Equal("customer-42", first);
        Assert.Same(first, again);
        Assert.Equal("customer-43", other);
        Assert.Same(first, keys.Get("customer-42"u8)); // still kept after another key
    }

    [Fact]
    public void KeysThatAreNotKept_DecodeAsUtf8_EveryTime()
    {
        var keys = new KeyStrings();
        byte[] invalid = [0x63, 0xff, 0x64];
        var longKey = Encoding.UTF8.GetBytes(new string('x', KeyStrings.MaxLength + 1));

        Assert.Equal("zoë", keys.Get("zoë"u8));
        Assert.NotSame(keys.Get("zoë"u8), keys.Get("zoë"u8)); // not ASCII: decoded each time, never compared byte for char
        Assert.Equal(Encoding.UTF8.GetString(invalid), keys.Get(invalid)); // U+FFFD, as the decoder gives it
        Assert.Equal(new string('x', KeyStrings.MaxLength + 1), keys.Get(longKey));
        Assert.Equal(string.Empty, keys.Get([]));
    }

    [Fact]
    public void ManyKeys_SharingSetsAndEvictingEachOther_AlwaysDecodeToTheirOwnString()
    {
        // More distinct keys than the table holds, drawn repeatedly, some of them differing only in case or length, a
        // few not ASCII: whatever a set held before, each call returns the key's own text.
        var keys = new KeyStrings();
        var random = new Random(7);
        var pool = Enumerable.Range(0, 20_000).Select(i => i % 97 == 0 ? $"klänt-{i}" : i % 2 == 0 ? $"c-{i}" : $"C-{i}").ToArray();
        var handedOut = new Dictionary<string, string>(StringComparer.Ordinal);
        var (repeats, hits) = (0, 0);
        for (var step = 0; step < 200_000; step++)
        {
            var expected = pool[random.Next(random.Next(100) < 80 ? 2_000 : pool.Length)]; // mostly a hot tenth
            var got = keys.Get(Encoding.UTF8.GetBytes(expected));
            Assert.Equal(expected, got);
            if (handedOut.TryGetValue(expected, out var before))
            {
                repeats++;
                hits += ReferenceEquals(before, got) ? 1 : 0;
            }

            handedOut[expected] = got;
        }

        // What the table is for: most repeats of a hot key get the string handed out before.
        Assert.True(hits > repeats * 0.7, $"only {hits} of {repeats} repeated keys came back as the string handed out before");
    }
}
