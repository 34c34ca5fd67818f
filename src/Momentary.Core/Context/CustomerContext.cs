namespace Momentary.Core.Context;

/// <summary>The joined context of one customer for one signal.</summary>
/// <param name="Profile">The marketing profile; <c>null</c> when the customer is unknown (no offers can be made).</param>
/// <param name="State">Engine-written state; <see cref="CustomerState.Empty"/> for a first signal.</param>
/// <param name="FriendVisits">Per asked venue, friends' latest visits within the asked window (absent or empty: none).</param>
public sealed record CustomerContext(
    CustomerProfile? Profile,
    CustomerState State,
    IReadOnlyDictionary<string, IReadOnlyList<FriendVisit>> FriendVisits)
{
    /// <summary>An empty, shared friends' visits map.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<FriendVisit>> NoFriendVisits { get; } = new Dictionary<string, IReadOnlyList<FriendVisit>>(StringComparer.Ordinal);

    /// <summary>
    /// Friends' last known positions (those who consent to share them), read only for location pings while a
    /// <c>friendsNearby</c> rule exists (<see cref="Rules.RuleBook.FriendsNearbyWindow"/>); empty otherwise.
    /// </summary>
    public IReadOnlyList<FriendPosition> FriendPositions { get; init; } = [];

    /// <summary>
    /// The customer's referral earnings this UTC month, read only for the engine's <c>referral-credit</c> signals
    /// (docs/rules.md, "Referrals"); <c>null</c> otherwise.
    /// </summary>
    public decimal? ReferralEarnings { get; init; }

    /// <summary>
    /// Set while friends' visits are not read yet: <see cref="FriendsVisited"/> then notes the venue here and answers
    /// 0, and the processor reads the visits of the noted venues and matches again (<see cref="Context.FriendVisitsAsked"/>).
    /// </summary>
    public FriendVisitsAsked? FriendVisitsAsked { get; init; }

    /// <summary>Number of distinct friends who visited <paramref name="venueId"/> at or after <paramref name="since"/>.</summary>
    public int FriendsVisited(string venueId, DateTimeOffset since)
    {
        if (FriendVisitsAsked is { } asked)
        {
            asked.Add(venueId);
            return 0;
        }

        if (!FriendVisits.TryGetValue(venueId, out var visits))
        {
            return 0;
        }

        var count = 0;
        foreach (var v in visits)
        {
            if (v.At >= since)
            {
                count++;
            }
        }

        return count;
    }
}
