namespace Momentary.Host.Marketers;

/// <summary>The decision trace of one signal, as the page shows it.</summary>
/// <param name="Kind">The signal's kind (<c>location</c>, <c>wearable</c>, <c>social</c>, <c>commerce</c>).</param>
/// <param name="At">The signal's own timestamp.</param>
/// <param name="Outcome">One line: the offer issued (rule and offer id) or why none was (e.g. <c>no offer: quiet hours</c>).</param>
/// <param name="Lines">The trace in words, one line per rule considered (the condition that failed and the values it compared, arbitration, caps, holdout).</param>
internal sealed record WhyNotSignal(string Kind, DateTimeOffset At, string Outcome, IReadOnlyList<string> Lines);
