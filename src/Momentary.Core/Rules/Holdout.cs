namespace Momentary.Core.Rules;

/// <summary>
/// Deterministic control-group assignment: a customer is held out of a rule when the 64-bit FNV-1a hash of
/// <c>ruleId + '/' + customerId</c> falls in the rule's first <c>percent</c> of 10,000 buckets. The same customer
/// is always in the same group for a rule, on every host and in back-tests, and groups of different rules are
/// independent (docs/rules.md, "Holdout and lift").
/// </summary>
public static class Holdout
{
    /// <summary>The customer's bucket for the rule, 0..9999.</summary>
    public static int Bucket(string ruleId, string customerId)
    {
        ArgumentNullException.ThrowIfNull(ruleId);
        ArgumentNullException.ThrowIfNull(customerId);
        var hash = 14695981039346656037UL;
        hash = Mix(hash, ruleId);
        hash = (hash ^ '/') * 1099511628211UL;
        hash = Mix(hash, customerId);
        return (int)(hash % 10_000);
    }

    /// <summary>Whether the customer is in the rule's control group for a holdout of <paramref name="basisPoints"/> (1% = 100).</summary>
    public static bool InControl(string ruleId, string customerId, int basisPoints) => basisPoints > 0 && Bucket(ruleId, customerId) < basisPoints;

    private static ulong Mix(ulong hash, string s)
    {
        foreach (var ch in s)
        {
            hash = (hash ^ (byte)ch) * 1099511628211UL;
            hash = (hash ^ (byte)(ch >> 8)) * 1099511628211UL;
        }

        return hash;
    }
}
