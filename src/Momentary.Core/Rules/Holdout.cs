using System.Text;

namespace Momentary.Core.Rules;

/// <summary>
/// Deterministic control-group assignment: a customer is held out of a rule when the 32-bit FNV-1a hash of the UTF-8
/// bytes of <c>ruleId + "/" + customerId</c>, modulo 10,000, falls below the rule's holdout in basis points. The same
/// customer is always in the same group for a rule, on every host and in back-tests, groups of different rules are
/// independent, and an analyst can recompute them in SQL or Python from the documented formula and test vectors
/// (docs/rules.md, "Holdout and lift").
/// </summary>
public static class Holdout
{
    /// <summary>The number of buckets: a holdout or variant weight is a share of them in basis points (1% = 100).</summary>
    public const int Buckets = 10_000;

    private const uint OffsetBasis = 2166136261;
    private const uint Prime = 16777619;

    /// <summary>The customer's bucket for the rule, 0..9999: <c>fnv1a32(utf8(ruleId + "/" + customerId)) % 10000</c>.</summary>
    public static int Bucket(string ruleId, string customerId) => (int)(Hash(ruleId, customerId) % Buckets);

    /// <summary>
    /// The 32-bit FNV-1a hash (offset basis 2166136261, prime 16777619) of the UTF-8 bytes of
    /// <c>ruleId + "/" + customerId</c>, computed without allocating. An unpaired surrogate is hashed as U+FFFD, as
    /// <see cref="Encoding.UTF8"/> encodes it.
    /// </summary>
    public static uint Hash(string ruleId, string customerId)
    {
        ArgumentNullException.ThrowIfNull(ruleId);
        ArgumentNullException.ThrowIfNull(customerId);
        var hash = Mix(OffsetBasis, ruleId);
        hash = (hash ^ '/') * Prime;
        return Mix(hash, customerId);
    }

    /// <summary>
    /// The customer's variant bucket for a rule, 0–9999: <c>fnv1a32(utf8(ruleId + "/" + customerId + "/variant")) mod
    /// 10000</c> (docs/rules.md, "Offer variants"). The same function as <see cref="Bucket"/> over a longer input, so it
    /// is as stable and as reproducible, and independent of the holdout bucket: control and treatment customers spread
    /// over the variants alike.
    /// </summary>
    public static int VariantBucket(string ruleId, string customerId)
    {
        var hash = (Hash(ruleId, customerId) ^ '/') * Prime;
        return (int)(Mix(hash, "variant") % Buckets);
    }

    /// <summary>Whether the customer is in the rule's control group for a holdout of <paramref name="basisPoints"/> (1% = 100).</summary>
    public static bool InControl(string ruleId, string customerId, int basisPoints) => basisPoints > 0 && Bucket(ruleId, customerId) < basisPoints;

    private static uint Mix(uint hash, string s)
    {
        Span<byte> utf8 = stackalloc byte[4];
        foreach (var rune in s.EnumerateRunes())
        {
            var length = rune.EncodeToUtf8(utf8);
            for (var i = 0; i < length; i++)
            {
                hash = (hash ^ utf8[i]) * Prime;
            }
        }

        return hash;
    }
}
