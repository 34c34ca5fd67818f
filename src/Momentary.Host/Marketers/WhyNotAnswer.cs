namespace Momentary.Host.Marketers;

/// <summary>The "why not" answer for one customer: one entry per recent signal, newest first.</summary>
/// <param name="CustomerId">Whom it is about (shown only in the "why not" box, and written to the audit log).</param>
/// <param name="Signals">The traced signals, newest first.</param>
internal sealed record WhyNotAnswer(string CustomerId, IReadOnlyList<WhyNotSignal> Signals);
