using System.Security.Cryptography;
using System.Text;

namespace Momentary.Core.Offers;

/// <summary>Deterministic offer ids: the same rule, customer and signal always give the same id.</summary>
public static class OfferIds
{
    /// <summary>
    /// <c>of_</c> + 26 lowercase base32 characters of SHA-256 over the three parts (130 bits: collisions are not a practical concern).
    /// Parts are length-prefixed so ("ab","c") and ("a","bc") differ.
    /// </summary>
    public static string Create(string ruleId, string customerId, string signalId)
    {
        ArgumentNullException.ThrowIfNull(ruleId);
        ArgumentNullException.ThrowIfNull(customerId);
        ArgumentNullException.ThrowIfNull(signalId);
        var total = Encoding.UTF8.GetByteCount(ruleId) + Encoding.UTF8.GetByteCount(customerId) + Encoding.UTF8.GetByteCount(signalId) + 12;
        var rented = total <= 512 ? null : new byte[total];
        Span<byte> input = rented ?? stackalloc byte[total];
        var n = Append(input, ruleId);
        n += Append(input[n..], customerId);
        n += Append(input[n..], signalId);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input[..n], hash);
        return string.Create(29, hash.ToArray(), static (chars, h) =>
        {
            const string alphabet = "abcdefghijklmnopqrstuvwxyz234567";
            chars[0] = 'o';
            chars[1] = 'f';
            chars[2] = '_';
            var bit = 0;
            for (var i = 0; i < 26; i++, bit += 5)
            {
                var b = bit >> 3;
                var shift = bit & 7;
                var word = (h[b] << 8) | (b + 1 < h.Length ? h[b + 1] : 0);
                chars[3 + i] = alphabet[(word >> (11 - shift)) & 31];
            }
        });
    }

    private static int Append(Span<byte> dest, string value)
    {
        var len = Encoding.UTF8.GetBytes(value, dest[4..]);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(dest, len);
        return len + 4;
    }
}
