using Momentary.Core.Context;
using Momentary.Core.Signals;

namespace Momentary.Pipeline.Processing;

/// <summary>A signal the processor decided, with what the decision saw (see <see cref="SignalProcessor.Decided"/>).</summary>
/// <param name="Signal">The decoded signal.</param>
/// <param name="Context">The customer's context the rules were evaluated on (immutable: kept by reference, not copied).</param>
/// <param name="ProcessedAt">The processing instant the rules were evaluated at.</param>
/// <param name="Outcome">What the decision was: offers issued, rules capped, held out, outranked.</param>
public sealed record DecidedSignal(Signal Signal, CustomerContext Context, DateTimeOffset ProcessedAt, SignalOutcome Outcome);
