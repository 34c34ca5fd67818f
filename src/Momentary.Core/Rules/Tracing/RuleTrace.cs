namespace Momentary.Core.Rules.Tracing;

/// <summary>What happened to one rule for one signal (one line of a <see cref="DecisionTrace"/>).</summary>
/// <param name="RuleId">The rule.</param>
/// <param name="Stage">How far it got.</param>
/// <param name="Reason">The reason this stage gives for no offer (<see cref="NoOfferReason.None"/> when issued).</param>
/// <param name="VenueId">The venue that set the trigger off, when one did.</param>
/// <param name="Detail">
/// The sentence a marketer reads, with the values compared: <c>quiet hours 22:00-08:00 in Europe/Paris, local time
/// 03:00</c>. Carries no personal data beyond what the rule compared (segments, tier, local time, counts).
/// </param>
public sealed record RuleTrace(string RuleId, RuleStage Stage, NoOfferReason Reason, string? VenueId, string Detail)
{
    /// <summary>The condition or step that decided, as metrics name it (<c>quiet-hours</c>, <c>stale</c>, <c>customer-cap</c>); <c>none</c> when issued.</summary>
    public string Step => Stage == RuleStage.NotTriggered ? "trigger" : NoOfferReasons.Name(Reason);

    /// <summary>The trace line: <c>aurora-friends at aurora: quiet-hours: quiet hours 22:00-08:00 in Europe/Paris, local time 03:00</c>.</summary>
    public string Line => VenueId is null ? $"{RuleId}: {StageName(Stage)}: {Detail}" : $"{RuleId} at {VenueId}: {StageName(Stage)}: {Detail}";

    /// <summary>The stage as trace text and JSON show it, e.g. <c>condition-failed</c>.</summary>
    public static string StageName(RuleStage stage) => stage switch
    {
        RuleStage.NotTriggered => "not-triggered",
        RuleStage.Stale => "stale",
        RuleStage.ConditionFailed => "condition-failed",
        RuleStage.Matched => "matched",
        RuleStage.Outranked => "outranked",
        RuleStage.HeldOut => "held-out",
        RuleStage.Capped => "capped",
        _ => "issued",
    };
}
