namespace Momentary.Host.Marketers;

/// <summary>The live counters of every rule in force over the last <paramref name="WindowMinutes"/> minutes.</summary>
internal sealed record CountersAnswer(double WindowMinutes, DateTimeOffset At, IReadOnlyList<RuleCounts> Rules);
