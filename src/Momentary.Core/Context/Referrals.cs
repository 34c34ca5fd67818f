using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Momentary.Core.Context;

/// <summary>Referral codes and the money arithmetic shared by every store, so both round and key alike.</summary>
public static class Referrals
{
    private const string Alphabet = "abcdefghijkmnpqrstuvwxyz23456789";

    /// <summary>The code for a customer's shared purchase: <c>r_</c> + 12 characters of SHA-256, stable across replays and hosts.</summary>
    public static string Code(string sharerId, string purchaseId)
    {
        ArgumentNullException.ThrowIfNull(sharerId);
        ArgumentNullException.ThrowIfNull(purchaseId);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(sharerId + "\n" + purchaseId), hash);
        Span<char> code = stackalloc char[14];
        code[0] = 'r';
        code[1] = '_';
        for (var i = 0; i < 12; i++)
        {
            code[i + 2] = Alphabet[hash[i] & 31];
        }

        return new string(code);
    }

    /// <summary>The month a credit at <paramref name="at"/> counts for (UTC, <c>yyyy-MM</c>).</summary>
    public static string Month(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    /// <summary>The reward in minor units (cents), rounded half away from zero.</summary>
    public static long RewardMinor(decimal amount, decimal rewardPercent) => (long)Math.Round(amount * rewardPercent, MidpointRounding.AwayFromZero);
}
