using Momentary.Core.Venues;
using YamlDotNet.RepresentationModel;

namespace Momentary.Core.Rules.Triggers;

/// <summary>
/// The registry of trigger kinds: the one list a new kind is added to (next to its own file). The loader picks
/// the kind a <c>trigger:</c> names from it; a rule book builds one index per kind it has rules of.
/// </summary>
internal static class TriggerKinds
{
    /// <summary>
    /// Every kind, in the order the rules language lists them (docs/rules.md): hints name them in this order, and a
    /// book matches the kinds of one signal in it.
    /// </summary>
    public static IReadOnlyList<TriggerKind> All { get; } =
    [
        EnterTrigger.Kind, ExitTrigger.Kind, DwellTrigger.Kind, NearTrigger.Kind, RevisitTrigger.Kind, SedentaryTrigger.Kind,
        StepsTrigger.Kind, AfterExerciseTrigger.Kind, FriendCheckInTrigger.Kind, ShareTrigger.Kind, ReferralCreditTrigger.Kind, PriceCheckTrigger.Kind, RoutineTrigger.Kind,
    ];

    private static readonly string[] Names = [.. All.Select(k => k.Name)];

    /// <summary>
    /// Reads the <c>trigger:</c> of <paramref name="rule"/> (called <paramref name="what"/> in errors): a mapping that
    /// names exactly one kind. Problems are reported through <paramref name="r"/>; <c>null</c> when there was any.
    /// </summary>
    public static Trigger? Read(YamlNodeReader r, YamlMappingNode rule, string what, IReadOnlyDictionary<string, Venue> venues)
    {
        var trigger = r.Mapping(YamlNodeReader.Child(rule, "trigger"), $"the trigger of {what}", Names);
        if (trigger is null)
        {
            if (YamlNodeReader.Child(rule, "trigger") is null)
            {
                r.Error(rule, $"{what} is missing 'trigger'", "e.g. trigger: { enter: { venue: aurora } }");
            }

            return null;
        }

        if (trigger.Children.Count != 1)
        {
            r.Error(trigger, $"the trigger of {what} must name exactly one event", "supported: " + string.Join(", ", Names));
            return null;
        }

        if (trigger.Children.Keys.First() is not YamlScalarNode { Value: { } name } || Named(name) is not { } kind)
        {
            return null; // already reported as an unknown field, with the closest kind as a hint
        }

        return kind.Read(r, YamlNodeReader.Child(trigger, name), what, venues);
    }

    /// <summary>The kind of <paramref name="trigger"/>.</summary>
    public static TriggerKind KindOf(Trigger trigger)
    {
        foreach (var kind in All)
        {
            if (kind.Owns(trigger))
            {
                return kind;
            }
        }

        throw new ArgumentException($"no kind owns {trigger.GetType().Name}", nameof(trigger));
    }

    /// <summary>A trigger in words for traces: <c>its enter trigger (aurora)</c>.</summary>
    public static string Describe(Trigger trigger)
    {
        var name = KindOf(trigger).Name;
        var about = trigger.VenueId ?? trigger.Category;
        return about is null ? $"its {name} trigger" : $"its {name} trigger ({about})";
    }

    private static TriggerKind? Named(string name)
    {
        foreach (var kind in All)
        {
            if (string.Equals(kind.Name, name, StringComparison.Ordinal))
            {
                return kind;
            }
        }

        return null;
    }
}
