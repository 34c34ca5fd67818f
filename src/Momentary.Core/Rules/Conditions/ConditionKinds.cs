using Momentary.Core.Rules.Triggers;
using YamlDotNet.RepresentationModel;

namespace Momentary.Core.Rules.Conditions;

/// <summary>
/// The registry of condition kinds: the one list a new kind is added to (next to its own file). Reads a rule's
/// <c>when:</c> block into its conditions.
/// </summary>
internal static class ConditionKinds
{
    /// <summary>
    /// Every kind, in evaluation order: cheap profile checks first, the local clock next, the friends counts last. A
    /// rule's conditions run in this order, and its explanation lists their facts in it.
    /// </summary>
    private static readonly ConditionKind[] All =
    [
        new(["consent"], ConsentCondition.Read),
        new(["segments"], ProfileListCondition.ReadSegments),
        new(["interests"], ProfileListCondition.ReadInterests),
        new(["tier"], ProfileListCondition.ReadTier),
        new(["dates"], DateRangeCondition.Read),
        new(["quietHours"], QuietHoursCondition.Read),
        new(["hours", "days"], TimeWindowCondition.Read),
        new(["propensity"], PropensityCondition.Read),
        new(["friends"], MinFriendsCondition.Read),
        new(["friendsNearby"], FriendsNearbyCondition.Read),
    ];

    // The order docs/rules.md lists the fields in, which hints follow; a field not listed here is still accepted, hinted last.
    private static readonly string[] ListedOrder = ["consent", "segments", "interests", "tier", "friends", "friendsNearby", "quietHours", "hours", "days", "dates", "propensity"];

    private static readonly string[] Fields = [.. All.SelectMany(k => k.Fields).OrderBy(f => (uint)Array.IndexOf(ListedOrder, f))];

    /// <summary>
    /// The conditions of <paramref name="rule"/>'s <c>when:</c> (none without one), in evaluation order; problems are
    /// reported through <paramref name="r"/>, located.
    /// </summary>
    public static RuleCondition[] Read(YamlNodeReader r, YamlMappingNode rule, string what, RuleBookSettings settings, TriggerKind? trigger)
    {
        var when = r.Mapping(YamlNodeReader.Child(rule, "when"), $"the conditions of {what}", Fields);
        if (when is null)
        {
            return [];
        }

        var reader = new ConditionReader(r, when, what, settings, trigger);
        var conditions = new List<RuleCondition>();
        foreach (var kind in All)
        {
            if (kind.Read(reader) is { } condition)
            {
                conditions.Add(condition);
            }
        }

        return [.. conditions];
    }
}
