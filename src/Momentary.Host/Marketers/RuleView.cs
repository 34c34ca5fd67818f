namespace Momentary.Host.Marketers;

/// <summary>One rule in force, in words, as the page lists it.</summary>
/// <param name="Id">The rule's id.</param>
/// <param name="Description">Its description (empty when the file gives none).</param>
/// <param name="Trigger">The trigger in words, e.g. <c>enter: venue aurora</c>.</param>
/// <param name="Conditions">One line per condition, e.g. <c>friends: at least 3, within 14d</c>.</param>
/// <param name="Caps">The caps in words, or <c>none</c>.</param>
/// <param name="Holdout">The control group's share, e.g. <c>5%</c>, or <c>none</c>.</param>
internal sealed record RuleView(string Id, string Description, string Trigger, IReadOnlyList<string> Conditions, string Caps, string Holdout);
